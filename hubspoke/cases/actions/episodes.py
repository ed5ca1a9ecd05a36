"""Missing episodes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Case, MissingEpisode, ReturnInterview

EPISODE_FIELDS = ("started_at", "ended_at", "reported_to_police", "police_reference", "return_interview",
                  "return_interview_by", "where_found", "associates", "places")


def _check_episode(fields: dict) -> None:
    errors = {}
    now = timezone.now()
    if fields["started_at"] > now:
        errors["started_on"] = "The date they went missing must not be in the future"
    if fields.get("ended_at"):
        if fields["ended_at"] > now:
            errors["ended_on"] = "The date they came back must not be in the future"
        elif fields["ended_at"] < fields["started_at"]:
            errors["ended_on"] = "The date they came back must be on or after the date they went missing"
    if fields.get("return_interview") not in ReturnInterview.values:
        errors["return_interview"] = "Select whether a return interview was offered"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_missing_episode(*, actor: User, case: Case, fields: dict, request=None) -> MissingEpisode:
    unknown = set(fields) - set(EPISODE_FIELDS)
    if unknown:
        raise ValueError(f"Not missing-episode fields: {sorted(unknown)}")
    locked = locked_open_case(case)
    _check_episode(fields)
    episode = MissingEpisode.objects.create(case=locked, recorded_at=timezone.now(), recorded_by=actor, **fields)
    audit.record(action="cases.missing.recorded", actor=actor, subject=locked, request=request,
                 detail={"episode": str(episode.uuid)})
    return episode


@transaction.atomic
def update_missing_episode(*, actor: User, episode: MissingEpisode, fields: dict, request=None) -> MissingEpisode:
    unknown = set(fields) - set(EPISODE_FIELDS)
    if unknown:
        raise ValueError(f"Not missing-episode fields: {sorted(unknown)}")
    locked_case = locked_open_case(episode.case)
    _check_episode(fields)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    changed = sorted(name for name, value in fields.items() if getattr(episode, name) != value)
    for name in changed:
        setattr(episode, name, fields[name])
    if changed:
        episode.save()
        audit.record(action="cases.missing.changed", actor=actor, subject=locked_case, request=request,
                     detail={"episode": str(episode.uuid), "fields": changed})
    return episode
