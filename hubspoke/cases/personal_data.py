"""Everything the cases app holds about one young person, for a subject access request: each
case with its allocations, contacts (restricted notes included, and said to be restricted),
plan goals and actions, missing episodes, meetings, outcome ratings, chronology marks, closures
and transfers. One query per kind of record, however many cases and rows there are."""

from __future__ import annotations

from django.utils import timezone

from hubspoke.cases.models import (
    Allocation,
    Case,
    CaseClosure,
    CaseTransfer,
    ChronologyMark,
    Contact,
    Meeting,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanGoal,
)
from hubspoke.lib.dates import format_date
from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.referrals.models import YoungPerson
from hubspoke.referrals.personal_data import entry_fields

RESTRICTED = Field("restriction", "Restriction",
                   "Restricted note: read only by your allocated workers and the service's managers")


def _day(value) -> str:
    return format_date(timezone.localtime(value).date() if hasattr(value, "hour") else value)


def gather(young_person: YoungPerson) -> list[Part]:
    cases = list(Case.objects.filter(young_person_id=young_person.pk).select_related("service", "spoke")
                 .order_by("opened_at", "pk"))
    of_person = {"case__young_person_id": young_person.pk}
    rows = {
        "allocations": Allocation.objects.filter(**of_person).select_related("worker").order_by("starts_at", "pk"),
        "contacts": Contact.objects.filter(**of_person).select_related("recorded_by").order_by("occurred_at", "pk"),
        "goals": PlanGoal.objects.filter(**of_person).order_by("created_at", "pk"),
        "actions": PlanAction.objects.filter(goal__case__young_person_id=young_person.pk).order_by("due_on", "pk"),
        "missing": MissingEpisode.objects.filter(**of_person).order_by("started_at", "pk"),
        "meetings": Meeting.objects.filter(**of_person).order_by("held_on", "pk"),
        "ratings": OutcomeRating.objects.filter(**of_person).order_by("rated_on", "pk"),
        "marks": ChronologyMark.objects.filter(**of_person).order_by("marked_at", "pk"),
        "closures": CaseClosure.objects.filter(**of_person).select_related("closed_by").order_by("closed_at", "pk"),
        "transfers": CaseTransfer.objects.filter(**of_person).select_related("to_service", "to_spoke")
        .order_by("requested_at", "pk"),
    }
    by_case: dict[str, dict[int, list]] = {name: {} for name in rows}
    for name, queryset in rows.items():
        for row in queryset:
            case_id = row.goal.case_id if name == "actions" else row.case_id
            by_case[name].setdefault(case_id, []).append(row)
    actions_by_goal: dict[int, list] = {}
    for actions in by_case["actions"].values():
        for action in actions:
            actions_by_goal.setdefault(action.goal_id, []).append(action)

    entries = []
    for case in cases:
        def of(name, _case=case):
            return by_case[name].get(_case.pk, [])

        entries.append(Entry(kind="cases.case", ref=str(case.uuid), title=f"Case opened {_day(case.opened_at)}",
                             when=case.opened_at, fields=entry_fields(case, skip={"young_person", "opened_by"})))
        for allocation in of("allocations"):
            entries.append(Entry(kind="cases.allocation", ref=f"{case.uuid}:{allocation.pk}",
                                 title=f"Worker allocated {_day(allocation.starts_at)}", when=allocation.starts_at,
                                 fields=entry_fields(allocation, skip={"case", "allocated_by"})))
        for contact in of("contacts"):
            fields = entry_fields(contact, skip={"case", "restricted"})
            entries.append(Entry(kind="cases.contact", ref=str(contact.uuid),
                                 title=f"Contact on {_day(contact.occurred_at)}"
                                 + (" (restricted)" if contact.restricted else ""),
                                 when=contact.occurred_at, fields=((RESTRICTED,) if contact.restricted else ())
                                 + fields))
        for goal in of("goals"):
            entries.append(Entry(kind="cases.plangoal", ref=str(goal.uuid), title="Plan goal", when=goal.created_at,
                                 fields=entry_fields(goal, skip={"case", "created_by"})))
            for action in actions_by_goal.get(goal.pk, []):
                entries.append(Entry(kind="cases.planaction", ref=str(action.uuid), title="Plan action",
                                     when=action.created_at, fields=entry_fields(action, skip={"goal", "created_by"})))
        for episode in of("missing"):
            entries.append(Entry(kind="cases.missingepisode", ref=str(episode.uuid),
                                 title=f"Missing from {_day(episode.started_at)}", when=episode.started_at,
                                 fields=entry_fields(episode, skip={"case", "recorded_by"})))
        for meeting in of("meetings"):
            entries.append(Entry(kind="cases.meeting", ref=str(meeting.uuid),
                                 title=f"{meeting.get_kind_display()} on {_day(meeting.held_on)}", when=meeting.held_on,
                                 fields=entry_fields(meeting, skip={"case", "recorded_by"})))
        for rating in of("ratings"):
            entries.append(Entry(kind="cases.outcomerating", ref=str(rating.uuid),
                                 title=f"Outcomes rated {_day(rating.rated_on)}", when=rating.rated_on,
                                 fields=entry_fields(rating, skip={"case", "recorded_by"})))
        for mark in of("marks"):
            entries.append(Entry(kind="cases.chronologymark", ref=f"{case.uuid}:{mark.event_ref}",
                                 title="Marked as significant in the chronology", when=mark.marked_at,
                                 fields=entry_fields(mark, skip={"case", "marked_by"})))
        for closure in of("closures"):
            entries.append(Entry(kind="cases.caseclosure", ref=str(closure.uuid),
                                 title=f"Case closed {_day(closure.closed_at)}", when=closure.closed_at,
                                 fields=entry_fields(closure, skip={"case", "reopened_by"})))
        for transfer in of("transfers"):
            entries.append(Entry(kind="cases.casetransfer", ref=str(transfer.uuid),
                                 title=f"Transfer to {transfer.to_service} asked for {_day(transfer.requested_at)}",
                                 when=transfer.requested_at,
                                 fields=entry_fields(transfer, skip={"case", "new_case", "requested_by",
                                                                     "decided_by"})))
    return [Part(key="cases", title="Case file", entries=tuple(entries))]
