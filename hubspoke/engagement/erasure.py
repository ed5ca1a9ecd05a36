"""Erasing what the engagement app holds about one young person (a disposal): the consultations
that became part of their record (linked to them, or to a referral of theirs) and the
challenges about their cases. Each record stays, without its words and without the link, so
that the service's returns still count the work; nothing left says whom it was about. Runs
inside the caller's transaction, before the cases eraser (a challenge's link to a case would
otherwise stop the case being erased), and writes no audit row (the disposal writes one)."""

from __future__ import annotations

from django.db.models import Q

from hubspoke.engagement.models import Challenge, ChallengeStep, Consultation


def erase(young_person) -> dict[str, int]:
    consultations = Consultation.objects.filter(Q(young_person=young_person) | Q(referral__young_person=young_person))
    n_consultations = consultations.update(young_person=None, referral=None, concern="", advice="", signposted_to="",
                                           professional_role="")
    challenges = Challenge.objects.filter(case__young_person=young_person)
    ids = list(challenges.values_list("pk", flat=True))
    ChallengeStep.objects.filter(challenge_id__in=ids).update(response="")
    n_challenges = Challenge.objects.filter(pk__in=ids).update(case=None, referral=None, issue="", outcome_note="")
    found = {}
    if n_consultations:
        found["consultations with professionals"] = n_consultations
    if n_challenges:
        found["challenges about their case"] = n_challenges
    return found
