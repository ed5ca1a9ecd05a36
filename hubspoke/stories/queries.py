"""Reads for young people's stories: a case's story and versions, the record's events, goals
and assessment outcome offered to a draft, and the versions waiting for a manager's check.
Each a fixed number of queries however long the record."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hubspoke.assessments import queries as assessment_queries
from hubspoke.cases import chronology
from hubspoke.cases.models import Case
from hubspoke.lib.dates import today
from hubspoke.stories import rules
from hubspoke.stories.models import Story, StoryVersion


def story_of(case: Case) -> Story | None:
    return Story.objects.filter(case=case).select_related("draft_saved_by").first()


def versions_of(story: Story | None) -> list[StoryVersion]:
    if story is None:
        return []
    return list(story.versions.select_related("finished_by", "checked_by", "given_by").order_by("-number"))


def version(ref) -> StoryVersion | None:
    """A version by its UUID, with what its pages show; the caller decides who may see it."""
    return (StoryVersion.objects.filter(uuid=ref)
            .select_related("story__case__service", "story__young_person__service", "story__young_person__spoke",
                            "story__service", "finished_by", "checked_by", "given_by", "disclosure")
            .first())


def choices_for(case: Case) -> list[rules.Choice]:
    """The case's chronology as events to choose from, newest first (one query per kind of
    event, and one for the restricted notes' own words)."""
    notes = {str(ref): text for ref, text in case.contacts.filter(restricted=True).values_list("uuid", "notes")}
    # The record's own kinds of event only: what other apps add (supervision) is about the staff.
    events = chronology.events_for(case, may_read_restricted=True, kinds=chronology.KINDS)
    return [rules.choice_from(e, restricted_notes=notes, local_date=timezone.localdate) for e in events]


def goals_of(case: Case) -> list:
    """The plan's current goals (being worked on), oldest first."""
    return rules.current_goals(case.goals.order_by("created_at", "pk"))


def outcome_for(case: Case, *, looked_at: bool) -> dict | None:
    return rules.assessment_outcome(assessment_queries.risk_now(case.young_person), looked_at=looked_at)


def snapshot_for(case: Case, draft: dict, *, worker_name: str, made_on=None) -> dict:
    """The draft as the young person would read it now (rules.build_snapshot)."""
    person = case.young_person
    return rules.build_snapshot(
        draft=draft, name=person.known_as or person.first_name, service_name=case.service.name,
        worker_name=worker_name, made_on=made_on or today(), choices=choices_for(case), goals=goals_of(case),
        outcome=outcome_for(case, looked_at=bool(draft.get("looked_at"))) if draft.get("assessment") else None,
    )


def waiting_for_check(service_ids) -> QuerySet[StoryVersion]:
    """Versions not yet checked or given at services that ask for a manager's check."""
    return (StoryVersion.objects.filter(story__service_id__in=service_ids,
                                        story__service__stories_need_manager_check=True,
                                        checked_at__isnull=True, given_on__isnull=True)
            .select_related("story__young_person", "story__case", "finished_by").order_by("finished_at", "pk"))


def stories_of_person(person) -> list[Story]:
    """A young person's stories (one per case), each with its versions, newest case first: two
    queries."""
    return list(Story.objects.filter(young_person=person).select_related("case")
                .prefetch_related("versions").order_by("-case__opened_at", "-pk"))


def open_case_of(person) -> Case | None:
    return Case.objects.filter(young_person=person, status="open").select_related("service").first()


def held_q(service_ids) -> Q:
    return Q(story__service_id__in=service_ids)
