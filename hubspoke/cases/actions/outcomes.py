"""Outcome ratings (cases/outcomes.py holds the areas and scales)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases import outcomes
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Case, OutcomeRating, Rater, RatingOccasion


@transaction.atomic
def rate_outcomes(*, actor: User, case: Case, rated_on, occasion: str, rater: str, scores: dict,
                  personal_goals: list[dict], request=None) -> OutcomeRating:
    """A rating of every outcome area (1 to 5) and up to three personal goals (0 to 10), on an
    open case (a closing's rating is made before it closes)."""
    locked = locked_open_case(case)
    errors = {}
    if rated_on > timezone.localdate():
        errors["rated_on"] = "The date of the rating must not be in the future"
    if occasion not in RatingOccasion.values:
        errors["occasion"] = "Select when this rating is"
    if rater not in Rater.values:
        errors["rater"] = "Select who is rating"
    for area in outcomes.AREAS:
        if scores.get(area.id) not in outcomes.SCALE:
            errors[f"area_{area.id}"] = f"Select a rating for {area.label.lower()}"
    if set(scores) - set(outcomes.AREA_IDS):
        raise ValueError("Unknown outcome areas")
    goals = [g for g in personal_goals if (g.get("goal") or "").strip()]
    if len(goals) > outcomes.MAX_GOALS or any(g.get("score") not in outcomes.GOAL_SCALE for g in goals):
        errors["__all__"] = "Rate each personal goal from 0 to 10 (up to three goals)"
    if errors:
        raise ValidationError(errors)
    rating = OutcomeRating.objects.create(
        case=locked, rated_on=rated_on, occasion=occasion, rater=rater, scores=scores,
        personal_goals=[{"goal": g["goal"].strip(), "score": g["score"]} for g in goals],
        recorded_at=timezone.now(), recorded_by=actor,
    )
    audit.record(action="cases.outcomes.rated", actor=actor, subject=locked, request=request,
                 detail={"rating": str(rating.uuid), "rater": rater, "occasion": occasion})
    return rating
