"""A case's chronology, built from the record itself: referrals and decisions, allocations,
contacts, assessments, plan goals, missing episodes, meetings, and information sharing
(disclosures, decisions not to share, consent recorded and withdrawn), newest first. One query
per kind of event however long the case (sharing: one per kind of record), and nothing stored
twice: only the "significant" marks are kept (ChronologyMark).

Apps above cases add their own kinds of event with ``register_source`` at start-up (safety:
"Discussed in supervision"), so that cases imports none of them; each source is one query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.cases.models import Case, ChronologyMark, PlanAction
from hubspoke.cases.queries import transfers_of
from hubspoke.referrals.models import Referral, ReferralDecision
from hubspoke.sharing.categories import labels
from hubspoke.sharing.models import ConsentRecord, DecisionNotToShare, Disclosure

KINDS = {
    "referral": "Referrals and decisions",
    "allocation": "Opening, allocation and closing",
    "contact": "Contacts",
    "assessment": "Assessments",
    "plan": "Plan",
    "missing": "Missing episodes",
    "meeting": "Meetings",
    "sharing": "Information sharing and consent",
}


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    # events(case) -> list[Event]: one query however long the case.
    events: Callable


_sources: dict[str, Source] = {}


def register_source(kind: str, *, label: str, events: Callable) -> None:
    """An app above cases adds a kind of event to every case's chronology (``events(case)``
    returns that case's events of the kind, in one query)."""
    if kind in KINDS:
        raise ValueError(f"{kind!r} is one of the record's own kinds of event")
    _sources[kind] = Source(kind=kind, label=label, events=events)


def all_kinds() -> dict[str, str]:
    """The record's own kinds, then those registered, for the filter and the events' labels."""
    return {**KINDS, **{s.kind: s.label for s in _sources.values()}}


@dataclass
class Event:
    at: dt.datetime
    kind: str
    title: str
    text: str = ""
    url: str = ""
    ref: str = ""
    significant: bool = False

    @property
    def kind_label(self) -> str:
        return all_kinds()[self.kind]


def _referral_events(case: Case) -> list[Event]:
    events = []
    referrals = list(Referral.objects.filter(case_link__case=case))
    for r in referrals:
        url = reverse("referrals:detail", kwargs={"ref": r.uuid})
        events.append(Event(r.received_at, "referral", f"Referral received: {r.get_pathway_display()}",
                            f"Urgency: {r.get_urgency_display().lower()}", url, str(r.uuid)))
    decisions = ReferralDecision.objects.filter(referral__in=referrals).select_related("decided_by", "referral")
    for d in decisions:
        events.append(Event(d.decided_at, "referral", f"Referral {d.get_kind_display().lower()}",
                            f"By {d.decided_by.full_name}",
                            reverse("referrals:detail", kwargs={"ref": d.referral.uuid}), str(d.uuid)))
    return events


def _allocation_events(case: Case) -> list[Event]:
    events = [Event(case.opened_at, "allocation", "Case opened", ref=str(case.uuid))]
    for closure in case.closures.select_related("closed_by", "reopened_by"):
        events.append(Event(closure.closed_at, "allocation", f"Case closed: {closure.get_reason_display().lower()}",
                            closure.summary, ref=str(closure.uuid)))
        if closure.reopened_at:
            events.append(Event(closure.reopened_at, "allocation", "Case reopened", closure.reopen_reason))
    for a in case.allocations.select_related("worker", "allocated_by"):
        why = f": {a.reason}" if a.reason else ""
        events.append(Event(a.starts_at, "allocation", f"{a.worker.full_name} became {a.get_role_display().lower()}",
                            f"Allocated by {a.allocated_by.full_name}{why}"))
    return events


def _contact_events(case: Case, *, may_read_restricted: bool) -> list[Event]:
    events = []
    for c in case.contacts.select_related("recorded_by"):
        if c.restricted:
            text = "Restricted note" + ("" if may_read_restricted else " (for the allocated workers and managers)")
            url = reverse("cases:restricted_note", kwargs={"ref": case.uuid, "contact": c.uuid}) \
                if may_read_restricted else ""
        else:
            text, url = c.notes, ""
        title = f"{c.get_method_display()}: {c.get_outcome_display().lower()}"
        events.append(Event(c.occurred_at, "contact", title, text, url, str(c.uuid)))
    return events


def _assessment_events(case: Case) -> list[Event]:
    events = []
    assessments = Assessment.objects.filter(young_person_id=case.young_person_id,
                                            status=AssessmentStatus.COMPLETED).select_related("tool")
    for a in assessments:
        judged = " (professional judgement)" if a.judgement_level else ""
        at = a.completed_at or timezone.make_aware(dt.datetime.combine(a.assessed_on, dt.time(12)))
        events.append(Event(at, "assessment", f"{a.tool.title}: {a.level_label.lower()}{judged}",
                            f"Next review {a.next_review_on:%-d %B %Y}" if a.next_review_on else "",
                            reverse("assessments:detail", kwargs={"ref": a.uuid}), str(a.uuid)))
    return events


def _plan_events(case: Case) -> list[Event]:
    url = reverse("cases:plan", kwargs={"ref": case.uuid})
    events = []
    for g in case.goals.all():
        events.append(Event(g.created_at, "plan", f"Goal added ({g.get_element_display().lower()})", g.goal, url,
                            str(g.uuid)))
        if g.status_changed_at and g.status != "working":
            events.append(Event(g.status_changed_at, "plan", f"Goal {g.get_status_display().lower()}", g.goal, url))
    for a in PlanAction.objects.filter(goal__case=case, finished_at__isnull=False):
        events.append(Event(a.finished_at, "plan", f"Action {a.get_status_display().lower()}", a.action, url,
                            str(a.uuid)))
    return events


def _transfer_events(case: Case) -> list[Event]:
    """Transfers out of this case, and the one that brought it in; nothing of the other side's work."""
    events = []
    for t in transfers_of(case):
        if t.new_case_id == case.pk and t.case_id != case.pk:
            events.append(Event(t.decided_at, "allocation", f"Transferred in from {t.case.service.name}",
                                t.handover_summary, ref=str(t.uuid)))
            continue
        events.append(Event(t.requested_at, "allocation", f"Transfer to {t.to_service.name} asked for",
                            t.handover_summary, ref=str(t.uuid)))
        if t.decided_at:
            events.append(Event(t.decided_at, "allocation", f"Transfer {t.get_status_display().lower()}",
                                t.decline_reason))
    return events


def _missing_events(case: Case) -> list[Event]:
    events = []
    url = reverse("cases:missing", kwargs={"ref": case.uuid})
    for e in case.missing_episodes.all():
        police = "reported to the police" if e.reported_to_police else "not reported to the police"
        events.append(Event(e.started_at, "missing", "Went missing", police, url, str(e.uuid)))
        if e.ended_at:
            events.append(Event(e.ended_at, "missing", "Came back",
                                f"Return interview: {e.get_return_interview_display().lower()}", url))
    return events


def _meeting_events(case: Case) -> list[Event]:
    url = reverse("cases:meetings", kwargs={"ref": case.uuid})
    return [
        Event(timezone.make_aware(dt.datetime.combine(m.held_on, dt.time(9))), "meeting", m.get_kind_display(),
              m.decisions, url, str(m.uuid))
        for m in case.meetings.all()
    ]


def _on(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _sharing_events(case: Case) -> list[Event]:
    """Disclosures (to whom and which kinds of information: never what was shared, which stays
    behind the disclosure's own page), decisions not to share, and consent decisions and their
    withdrawal. Four queries."""
    person_id = case.young_person_id
    events = []
    for d in Disclosure.objects.filter(young_person_id=person_id).select_related("to_agency", "to_service",
                                                                                  "decided_by"):
        title = f"Shared with {d.recipient}: {', '.join(labels(d.categories))}"
        events.append(Event(_on(d.shared_on), "sharing", title,
                            f"{d.get_route_display()}. Decided by {d.decided_by.full_name}",
                            reverse("sharing:disclosure", kwargs={"ref": d.uuid}), str(d.uuid)))
    for d in DecisionNotToShare.objects.filter(young_person_id=person_id).select_related("asked_by_agency",
                                                                                         "decided_by"):
        asked = d.asked_by_agency.name if d.asked_by_agency_id else d.asked_by_name
        what = f": {', '.join(labels(d.categories))}" if d.categories else ""
        events.append(Event(_on(d.decided_on), "sharing", f"Decided not to share with {asked}{what}",
                            f"Decided by {d.decided_by.full_name}", ref=str(d.uuid)))
    url = reverse("sharing:consent", kwargs={"ref": case.young_person.uuid})
    decided = {"given": "agreed", "refused": "said no", "not_sought": "not asked"}
    for c in ConsentRecord.objects.filter(young_person_id=person_id).prefetch_related("agencies"):
        agencies = ", ".join(sorted(a.name for a in c.agencies.all())) or "no agency named"
        who = c.get_given_by_display() if c.given_by != "referrer" else "On the referral"
        events.append(Event(_on(c.given_on), "sharing",
                            f"Consent decision: {decided[c.decision]} ({', '.join(labels(c.categories)).lower()})",
                            f"{who}. Agencies: {agencies}", url, str(c.uuid)))
        if c.withdrawn_on:
            events.append(Event(_on(c.withdrawn_on), "sharing", "Consent withdrawn",
                                f"{c.get_withdrawn_by_display()} withdrew the consent given on "
                                f"{c.given_on:%-d %B %Y}. Agencies: {agencies}", url))
    return events


def events_for(case: Case, *, may_read_restricted: bool, kinds=None, since=None, until=None,
               significant_only: bool = False) -> list[Event]:
    builders = {
        "referral": lambda: _referral_events(case),
        "allocation": lambda: _allocation_events(case) + _transfer_events(case),
        "contact": lambda: _contact_events(case, may_read_restricted=may_read_restricted),
        "assessment": lambda: _assessment_events(case),
        "plan": lambda: _plan_events(case),
        "missing": lambda: _missing_events(case),
        "meeting": lambda: _meeting_events(case),
        "sharing": lambda: _sharing_events(case),
        **{kind: (lambda s=source: s.events(case)) for kind, source in _sources.items()},
    }
    marks = {str(ref) for ref in ChronologyMark.objects.filter(case=case).values_list("event_ref", flat=True)}
    events = [event for kind, build in builders.items() if not kinds or kind in kinds for event in build()]
    for event in events:
        event.significant = event.ref in marks
    if since:
        events = [e for e in events if timezone.localdate(e.at) >= since]
    if until:
        events = [e for e in events if timezone.localdate(e.at) <= until]
    if significant_only:
        events = [e for e in events if e.significant]
    return sorted(events, key=lambda e: e.at, reverse=True)
