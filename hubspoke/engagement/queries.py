"""Reads of the service's work with professionals and the local system. Each list is one
query however many records (their worker, spoke and links are joined, not fetched one by
one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Min, Q, QuerySet

from hubspoke.cases import queries as case_queries
from hubspoke.cases.models import Case, CaseStatus
from hubspoke.engagement.kinds import KINDS, Kind
from hubspoke.engagement.models import (
    Challenge,
    ChallengeOutcome,
    ChallengeStep,
    Consultation,
    TrainingFeedback,
    TrainingSession,
)
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Agency, Role, Service, Spoke
from hubspoke.referrals import queries as referral_queries
from hubspoke.referrals.models import Referral, YoungPerson


@dataclass(frozen=True)
class Place:
    key: str
    service: Service
    spoke: Spoke | None

    @property
    def label(self) -> str:
        return f"{self.spoke.name} ({self.service.name})" if self.spoke else f"{self.service.name}: the hub"


def places_for(scope: scoping.Scope) -> list[Place]:
    """Where a person may record work (see ``access.places_of``): at most one query, for the
    spokes of the services they manage."""
    places: dict[str, Place] = {}
    for m in scope.memberships:
        if m.role in (Role.SERVICE_MANAGER, Role.HUB_WORKER):
            places.setdefault(str(m.service.uuid), Place(str(m.service.uuid), m.service, None))
        elif m.role == Role.SPOKE_WORKER:
            places.setdefault(f"{m.spoke.service.uuid}:{m.spoke.uuid}", Place(
                f"{m.spoke.service.uuid}:{m.spoke.uuid}", m.spoke.service, m.spoke))
    if scope.managed_service_ids:
        on = today()
        for spoke in (Spoke.objects.filter(service_id__in=scope.managed_service_ids)
                      .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on)).select_related("service")
                      .order_by("service__name", "name")):
            key = f"{spoke.service.uuid}:{spoke.uuid}"
            places.setdefault(key, Place(key, spoke.service, spoke))
    return sorted(places.values(), key=lambda p: (p.service.name, p.spoke is not None, p.spoke.name if p.spoke else ""))


def default_place(places: list[Place]) -> Place | None:
    """The place work is recorded at unless the person says otherwise: their only place, or
    the one hub among their places (a manager's work is the hub's)."""
    if len(places) == 1:
        return places[0]
    hubs = [p for p in places if p.spoke is None]
    return hubs[0] if len(hubs) == 1 else None


def visible_q(user, kind: Kind) -> Q:
    """The one rule (``access``): a record in the person's places, or, when it is linked to a
    young person (or their case), one whose young person (or case) they may see, wherever it
    was recorded. A kind may be linked more than one way (a consultation to the young person,
    or to a referral since linked to one): the first link present decides."""
    own = scoping.records_q(user, service="service", spoke="spoke")
    if not kind.linked_by:
        return own
    q = Q(pk__in=[])
    none_before = Q()
    for link in kind.linked_by:
        present = Q(**{f"{link}__isnull": False})
        q |= none_before & present & scoping.records_q(user, service=f"{link}__service", spoke=f"{link}__spoke")
        none_before &= ~present
    return q | (none_before & own)


_RELATED = {
    "consultations": ("agency", "referral__young_person", "young_person"),
    "challenges": ("agency", "case__young_person"),
    "training": (),
    "prevention": (),
    "meetings": (),
}


def records(user, kind: Kind) -> QuerySet:
    return (kind.model.objects.filter(visible_q(user, kind))
            .select_related("service", "spoke", "worker", "recorded_by", *_RELATED[kind.name]))


def listing(user, kind: Kind, *, place: str = "", mine: bool = False, start: dt.date | None = None,
            end: dt.date | None = None, outcome: str = "") -> QuerySet:
    """A kind's list, newest first, filtered: by place (``Place.key``), the person's own work,
    dates (both included) and, for challenges, open or closed."""
    found = records(user, kind)
    if place:
        service_ref, _, spoke_ref = place.partition(":")
        found = found.filter(service__uuid=service_ref)
        found = found.filter(spoke__uuid=spoke_ref) if spoke_ref else found.filter(spoke__isnull=True)
    if mine:
        found = found.filter(Q(worker=user) | Q(recorded_by=user))
    if start:
        found = found.filter(held_on__gte=start)
    if end:
        found = found.filter(held_on__lte=end)
    if kind.name == "challenges" and outcome == "open":
        found = found.filter(outcome=ChallengeOutcome.OPEN)
    elif kind.name == "challenges" and outcome == "closed":
        found = found.exclude(outcome=ChallengeOutcome.OPEN)
    if kind.name == "training":
        found = found.annotate(answers=Count("feedback"))
    return found.order_by("-held_on", "-pk")


def counts(user, *, start: dt.date, end: dt.date, mine: bool = False) -> dict[str, int]:
    """How many of each kind in the period that this person may see (or did): one query a kind."""
    result = {}
    for name, kind in KINDS.items():
        found = kind.model.objects.filter(visible_q(user, kind), held_on__gte=start, held_on__lte=end)
        if mine:
            found = found.filter(Q(worker=user) | Q(recorded_by=user))
        result[name] = found.count()
    return result


def open_challenges(user, *, service_ids=None) -> QuerySet[Challenge]:
    """Open challenges this person may see, oldest first (for managers: of their services)."""
    found = records(user, KINDS["challenges"]).filter(outcome=ChallengeOutcome.OPEN)
    if service_ids is not None:
        found = found.filter(service_id__in=service_ids)
    return found.order_by("held_on", "pk")


def open_challenge_summary(service_ids, user) -> tuple[int, dt.date | None]:
    """How many challenges are open at these services, and when the oldest was raised: one query."""
    row = (Challenge.objects.filter(visible_q(user, KINDS["challenges"]), service_id__in=service_ids,
                                    outcome=ChallengeOutcome.OPEN)
           .order_by().aggregate(n=Count("pk"), oldest=Min("held_on")))
    return row["n"], row["oldest"]


def steps_of(challenge: Challenge) -> list[ChallengeStep]:
    return list(challenge.steps.select_related("recorded_by").order_by("stage"))


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    before: float | None
    after: float | None
    more_confident: int
    will_do: list[str]


def feedback_summary(session: TrainingSession) -> FeedbackSummary:
    """Participants' answers together: two queries however many."""
    found = TrainingFeedback.objects.filter(session=session)
    row = found.order_by().aggregate(n=Count("pk"), before=Avg("confidence_before"), after=Avg("confidence_after"),
                                     more=Count("pk", filter=Q(confidence_after__gt=F("confidence_before"))))
    words = list(found.exclude(will_do="").order_by("pk").values_list("will_do", flat=True))
    return FeedbackSummary(row["n"], row["before"], row["after"], row["more"], words)


def session_for_feedback(token: str) -> TrainingSession | None:
    """The training session a feedback link names, if its link is still open."""
    if not token or len(token) > 40:
        return None
    return (TrainingSession.objects.filter(feedback_token=token, feedback_until__gte=today())
            .select_related("service").first())


def young_person_of(record) -> YoungPerson | None:
    if isinstance(record, Consultation):
        return record.young_person or (record.referral.young_person if record.referral_id else None)
    if isinstance(record, Challenge) and record.case_id:
        return record.case.young_person
    return None


def young_people_for(user) -> QuerySet[YoungPerson]:
    return referral_queries.young_people_visible_to(user)


def open_cases_for(user) -> QuerySet[Case]:
    return (case_queries.cases_visible_to(user).filter(status=CaseStatus.OPEN).select_related("young_person")
            .order_by("young_person__first_name", "young_person__last_name", "pk"))


def referrals_for(user) -> QuerySet[Referral]:
    """Referrals a consultation may be linked to: those this person may see, newest first."""
    return referral_queries.referrals_visible_to(user).order_by("-received_at", "-pk")


def agencies() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


def places_for_user(user) -> list[Place]:
    return places_for(scoping.scope_for(user))


def may_change(user, record) -> bool:
    """Whoever did the work or recorded it, and the service's managers."""
    return user.pk in (record.worker_id, record.recorded_by_id) or scoping.can_manage_service(user, record.service_id)


def cases_visible(user) -> QuerySet[Case]:
    return case_queries.cases_visible_to(user)
