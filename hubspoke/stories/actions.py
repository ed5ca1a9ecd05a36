"""Writing a young person's story: saving the draft, finishing a version (its snapshot frozen),
a manager's check where the service asks for one, and recording that it was given to the young
person, which is a disclosure to them through sharing's door in the same transaction.

Each takes the acting person, runs in one transaction and writes its audit row there (by
counts and references, never the story's words); the caller has got the case or version
through ``stories.access``, and each action checks the rule it enforces again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.models import Case
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.sharing import actions as sharing_actions
from hubspoke.sharing.models import SubjectRecipient
from hubspoke.stories import access, queries, rules
from hubspoke.stories.models import GivenHow, Story, StoryVersion

GIVEN_REASON = "Their own story, so that they know what the service has recorded about their support and why."


def _story_for_update(*, actor: User, case: Case) -> Story:
    story = Story.objects.select_for_update().filter(case=case).first()
    if story is None:
        story = Story.objects.create(case=case, young_person_id=case.young_person_id, service_id=case.service_id,
                                     created_at=timezone.now(), created_by=actor)
        audit.record(action="stories.story.started", actor=actor, subject=story,
                     detail={"case": str(case.uuid), "young_person": str(case.young_person.uuid)})
    return story


@transaction.atomic
def save_draft(*, actor: User, case: Case, draft: dict, request=None) -> Story:
    """Keep the worker's words and choices. Those who may record on the open case only."""
    if not access.may_prepare(actor, case):
        raise PermissionDenied("Only the case's allocated workers and the service's managers write its story.")
    story = _story_for_update(actor=actor, case=case)
    story.draft = draft
    story.draft_saved_at = timezone.now()
    story.draft_saved_by = actor
    story.save(update_fields=["draft", "draft_saved_at", "draft_saved_by"])
    audit.record(action="stories.story.draft_saved", actor=actor, subject=story, request=request, detail={
        "young_person": str(case.young_person.uuid),
        "parts": sorted(k for k, v in draft.get("answers", {}).items() if (v or "").strip()),
        "events": len(draft.get("events", [])), "goals": len(draft.get("goals", [])),
        "assessment": bool(draft.get("assessment")), "looked_at": bool(draft.get("looked_at")),
    })
    return story


@transaction.atomic
def finish_version(*, actor: User, case: Case, seen: str, request=None) -> StoryVersion:
    """Freeze the draft as the next numbered version, exactly as the preview showed it: if the
    draft or the record changed since (``seen`` is the preview's fingerprint), nothing is
    finished and the worker looks again."""
    if not access.may_prepare(actor, case):
        raise PermissionDenied("Only the case's allocated workers and the service's managers finish its story.")
    story = Story.objects.select_for_update().filter(case=case).first()
    if story is None or not story.draft:
        raise ValidationError("Write the story before finishing it")
    snapshot = queries.snapshot_for(case, story.draft, worker_name=actor.full_name)
    if rules.is_empty(snapshot):
        raise ValidationError("Write at least one part of the story, or choose something to go in it, "
                              "before finishing it")
    if seen != rules.fingerprint(snapshot):
        raise ValidationError("The story or the record changed since this preview. Check the preview again, "
                              "then finish it")
    number = (story.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = StoryVersion.objects.create(story=story, number=number, snapshot=snapshot,
                                          categories=rules.categories_of(snapshot), finished_at=timezone.now(),
                                          finished_by=actor)
    audit.record(action="stories.version.finished", actor=actor, subject=version, request=request, detail={
        "young_person": str(case.young_person.uuid), "number": number, "categories": version.categories,
        "added_deliberately": [e["sensitive"] for e in rules.warnings_of(snapshot)],
    })
    return version


def needs_check(version: StoryVersion) -> bool:
    return version.story.service.stories_need_manager_check and version.checked_at is None


@transaction.atomic
def check_version(*, actor: User, version: StoryVersion, request=None) -> StoryVersion:
    """A service manager who did not write the version checks it, where the service asks for
    a check (``Service.stories_need_manager_check``)."""
    locked = StoryVersion.objects.select_for_update().select_related("story__service", "story__young_person") \
        .get(pk=version.pk)
    if not scoping.can_manage_service(actor, locked.story.service_id):
        raise PermissionDenied("Only the service's managers check a story.")
    if not locked.story.service.stories_need_manager_check:
        raise ValidationError("The service does not ask for a manager's check of stories")
    if locked.checked_at is not None:
        raise ValidationError(f"{locked.checked_by.full_name} has already checked this version")
    if locked.finished_by_id == actor.pk:
        raise ValidationError("You wrote this version: another manager checks it")
    locked.checked_at = timezone.now()
    locked.checked_by = actor
    locked.save(update_fields=["checked_at", "checked_by"])
    audit.record(action="stories.version.checked", actor=actor, subject=locked, request=request,
                 detail={"young_person": str(locked.story.young_person.uuid), "number": locked.number})
    return locked


@transaction.atomic
def give_version(*, actor: User, version: StoryVersion, given_on: dt.date | None, how: str,
                 request=None) -> StoryVersion:
    """Record that the young person was given this version: the date and how, and a disclosure
    to them (``sharing.actions.record_given_to_subject``) with the kinds of information the
    version holds, both in this transaction. Once per version; checked first where the
    service asks for it."""
    locked = StoryVersion.objects.select_for_update().select_related(
        "story__service", "story__young_person", "story__case").get(pk=version.pk)
    if not access.may_prepare(actor, locked.story.case):
        raise PermissionDenied("Only the case's allocated workers and the service's managers give its story.")
    if locked.given_on is not None:
        raise ValidationError(f"This version was already given on {locked.given_on:%-d %B %Y}")
    if needs_check(locked):
        raise ValidationError("A manager must check this version before it is given")
    errors = {}
    if how not in GivenHow.values:
        errors["how"] = "Select how you gave it"
    if given_on is None:
        errors["given_on"] = "Enter the date you gave it"
    elif given_on > today():
        errors["given_on"] = "The date you gave it must be today or in the past"
    elif given_on < timezone.localdate(locked.finished_at):
        errors["given_on"] = "The date you gave it must be on or after the day it was finished"
    if errors:
        raise ValidationError(errors)
    disclosure = sharing_actions.record_given_to_subject(
        actor=actor, young_person=locked.story.young_person, given_to=SubjectRecipient.YOUNG_PERSON,
        summary=rules.summary_of(locked.snapshot, locked.number) + f" Given as {GivenHow(how).label.lower()}.",
        categories=locked.categories, reason=GIVEN_REASON, shared_on=given_on, request=request,
    )
    locked.given_on, locked.given_how, locked.given_by = given_on, how, actor
    locked.given_recorded_at, locked.disclosure = timezone.now(), disclosure
    locked.save(update_fields=["given_on", "given_how", "given_by", "given_recorded_at", "disclosure"])
    audit.record(action="stories.version.given", actor=actor, subject=locked, request=request, detail={
        "young_person": str(locked.story.young_person.uuid), "number": locked.number, "how": how,
        "disclosure": str(disclosure.uuid),
    })
    return locked
