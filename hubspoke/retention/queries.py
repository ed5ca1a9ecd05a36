"""Reads for retention: the periods in force, each record's facts and review date, the lists
of records due, holds, disposals and certificates. Every list is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from hubspoke.cases.models import Case, CaseStatus
from hubspoke.network import scoping
from hubspoke.network.models import Role, Service
from hubspoke.referrals.models import DecisionKind, Referral, ReferralStatus, YoungPerson
from hubspoke.retention import rules
from hubspoke.retention.models import (
    DEFAULTS,
    DataProtectionLead,
    Disposal,
    DisposalCertificate,
    DisposalStatus,
    LegalHold,
    RecordKind,
    RetentionRule,
)

SOON = dt.timedelta(days=90)
UNDECIDED = (ReferralStatus.RECEIVED, ReferralStatus.AWAITING_INFORMATION)
ENDED_WITHOUT_RECORD = (ReferralStatus.DECLINED, ReferralStatus.CLOSED)
FINAL_DECISIONS = (DecisionKind.ACCEPTED, DecisionKind.DECLINED, DecisionKind.CLOSED)


def periods_for(programme_id: int) -> dict[str, int]:
    periods = rules.default_periods()
    for kind, years in RetentionRule.objects.filter(programme_id=programme_id).values_list("kind", "years"):
        periods[kind] = years
    return periods


def schedule_for(programme_id: int) -> list[dict]:
    """Every kind of record with its period, whether it is the default, and who last changed it."""
    changed = {rule.kind: rule for rule in RetentionRule.objects.filter(programme_id=programme_id)
               .select_related("changed_by")}
    rows = []
    for kind in RecordKind:
        basis, default_years = DEFAULTS[kind]
        rule = changed.get(kind)
        years = rule.years if rule else default_years
        rows.append({"kind": kind, "label": kind.label, "basis": basis, "years": years, "default": default_years,
                     "rule": rule, "sentence": rules.basis_sentence(kind, years)})
    return rows


def programme_ids_for_schedule(user) -> set[int]:
    """The programmes whose schedule a person may read: staff of a service, and the
    programme-level roles."""
    scope = scoping.scope_for(user)
    ids = set(scope.programme_ids)
    if scope.member_service_ids:
        ids |= set(Service.objects.filter(pk__in=scope.member_service_ids).values_list("programme_id", flat=True))
    return ids


def administered_programme_ids(user) -> set[int]:
    return {m.programme_id for m in scoping.scope_for(user).memberships if m.role == Role.ADMINISTRATOR}


# --- Facts ----------------------------------------------------------------------------------


def _annotated_people(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        any_case=Exists(Case.objects.filter(young_person=OuterRef("pk"))),
        any_open_case=Exists(Case.objects.filter(young_person=OuterRef("pk"), status=CaseStatus.OPEN)),
        any_undecided=Exists(Referral.objects.filter(young_person=OuterRef("pk"), status__in=UNDECIDED)),
        last_closed=Max("cases__closures__closed_at"),
        last_decided=Max("referrals__decisions__decided_at", filter=Q(referrals__decisions__kind__in=FINAL_DECISIONS)),
        held=Exists(LegalHold.objects.filter(young_person=OuterRef("pk"), lifted_at__isnull=True)),
        proposed=Exists(Disposal.objects.filter(young_person=OuterRef("pk"), status=DisposalStatus.PROPOSED)),
    )


def _local(value) -> dt.date | None:
    return timezone.localdate(value) if value else None


def person_facts(person: YoungPerson) -> rules.PersonFacts:
    """From an annotated young person (``_annotated_people``)."""
    return rules.PersonFacts(
        date_of_birth=person.date_of_birth, estimated_age=person.estimated_age, estimated_on=person.estimated_on,
        has_case=person.any_case, open_case=person.any_open_case, undecided_referral=person.any_undecided,
        last_case_closed=_local(person.last_closed), last_decision=_local(person.last_decided),
        created_on=_local(person.created_at),
    )


def _annotated_referrals(queryset: QuerySet) -> QuerySet:
    return queryset.filter(young_person__isnull=True, status__in=ENDED_WITHOUT_RECORD).annotate(
        decided=Max("decisions__decided_at", filter=Q(decisions__kind__in=FINAL_DECISIONS)),
        held=Exists(LegalHold.objects.filter(referral=OuterRef("pk"), lifted_at__isnull=True)),
        proposed=Exists(Disposal.objects.filter(referral=OuterRef("pk"), status=DisposalStatus.PROPOSED)),
    )


@dataclass
class RecordState:
    """One record as retention sees it: which kind, when it is due, on what basis, held or not."""

    kind: str
    ref: str
    service: Service
    review_on: dt.date | None
    basis: str
    held: bool
    proposed: bool
    young_person: YoungPerson | None = None
    referral: Referral | None = None

    @property
    def short_ref(self) -> str:
        return self.ref[:8]

    @property
    def label(self) -> str:
        return RecordKind(self.kind).label


def state_of_person(person: YoungPerson, periods: dict[str, int] | None = None) -> RecordState:
    annotated = _annotated_people(YoungPerson.objects.filter(pk=person.pk)).select_related("service").get()
    return _person_state(annotated, periods or periods_for(annotated.service.programme_id))


def _person_state(person, periods) -> RecordState:
    facts = person_facts(person)
    kind = rules.person_kind(facts)
    return RecordState(kind=kind, ref=str(person.uuid), service=person.service,
                       review_on=rules.person_review_on(facts, periods),
                       basis=rules.basis_sentence(kind, periods[kind]), held=person.held, proposed=person.proposed,
                       young_person=person)


def state_of_referral(referral: Referral, periods: dict[str, int] | None = None) -> RecordState | None:
    """None for a referral that is not one retention disposes of on its own (linked to a record,
    or still undecided)."""
    annotated = _annotated_referrals(Referral.objects.filter(pk=referral.pk)).select_related("service").first()
    if annotated is None:
        return None
    return _referral_state(annotated, periods or periods_for(annotated.service.programme_id))


def _referral_state(referral, periods) -> RecordState:
    kind = RecordKind.DECLINED_REFERRAL
    return RecordState(kind=kind, ref=str(referral.uuid), service=referral.service,
                       review_on=rules.referral_review_on(_local(referral.decided), periods),
                       basis=rules.basis_sentence(kind, periods[kind]), held=referral.held,
                       proposed=referral.proposed, referral=referral)


def due_for_review(service_ids, *, today: dt.date) -> tuple[list[RecordState], list[RecordState]]:
    """(due now, due within 90 days) across the services, oldest first: three queries
    (periods, people, referrals) however many records there are. The databases narrow the
    candidates by the shortest period that could make them due; the rules decide."""
    service_ids = list(service_ids)
    if not service_ids:
        return [], []
    services = {s.pk: s for s in Service.objects.filter(pk__in=service_ids)}
    rules_by_programme: dict[int, dict[str, int]] = {}
    for rule in RetentionRule.objects.filter(programme_id__in={s.programme_id for s in services.values()}):
        rules_by_programme.setdefault(rule.programme_id, {})[rule.kind] = rule.years
    periods = {pk: {**rules.default_periods(), **rules_by_programme.get(s.programme_id, {})}
               for pk, s in services.items()}
    horizon = today + SOON
    youngest_age = min(min(p[RecordKind.CASE_RECORD], p[RecordKind.NO_CASE_RECORD]) for p in periods.values())
    shortest = min(p[RecordKind.DECLINED_REFERRAL] for p in periods.values())
    born_by = rules.add_years(horizon, -youngest_age)
    decided_by = rules.add_years(horizon, -shortest)
    people = (_annotated_people(YoungPerson.objects.filter(service_id__in=service_ids))
              .filter(Q(date_of_birth__lte=born_by) | Q(date_of_birth__isnull=True))
              .filter(any_open_case=False, any_undecided=False))
    referrals = (_annotated_referrals(Referral.objects.filter(service_id__in=service_ids))
                 .filter(decided__date__lte=decided_by))
    states = []
    for person in people:
        person.service = services[person.service_id]
        states.append(_person_state(person, periods[person.service_id]))
    for referral in referrals:
        referral.service = services[referral.service_id]
        states.append(_referral_state(referral, periods[referral.service_id]))
    states = sorted((s for s in states if s.review_on and s.review_on <= horizon), key=lambda s: (s.review_on, s.ref))
    return [s for s in states if s.review_on <= today], [s for s in states if s.review_on > today]


# --- Holds, disposals, certificates ------------------------------------------------------------


def holds_of(*, young_person=None, referral=None) -> list[LegalHold]:
    found = LegalHold.objects.select_related("placed_by", "lifted_by").order_by("-placed_at", "-id")
    return list(found.filter(young_person=young_person) if young_person else found.filter(referral=referral))


def disposals_of(*, record_ref) -> list[Disposal]:
    return list(Disposal.objects.filter(record_ref=record_ref).select_related("proposed_by", "decided_by")
                .order_by("-proposed_at", "-id"))


def lead_of(service_id: int) -> DataProtectionLead | None:
    return DataProtectionLead.objects.filter(service_id=service_id).select_related("person").first()


def led_service_ids(user) -> set[int]:
    """The services whose data protection lead this person is, while they still hold a current
    administrator membership of the service's programme."""
    programmes = administered_programme_ids(user)
    if not programmes:
        return set()
    return set(DataProtectionLead.objects.filter(person=user, service__programme_id__in=programmes)
               .values_list("service_id", flat=True))


def disposals_waiting(service_ids) -> QuerySet[Disposal]:
    return (Disposal.objects.filter(service_id__in=list(service_ids), status=DisposalStatus.PROPOSED)
            .select_related("service", "proposed_by").order_by("proposed_at", "id"))


def certificates_of(service_ids) -> QuerySet[DisposalCertificate]:
    return (DisposalCertificate.objects.filter(service_id__in=list(service_ids))
            .select_related("service", "disposal__proposed_by", "disposal__decided_by")
            .order_by("-carried_out_at", "-id"))


def leads_of(service_ids) -> QuerySet[DataProtectionLead]:
    return DataProtectionLead.objects.filter(service_id__in=list(service_ids)).select_related("person")


def is_held(disposal: Disposal) -> bool:
    held = LegalHold.objects.filter(lifted_at__isnull=True)
    if disposal.young_person_id:
        return held.filter(young_person_id=disposal.young_person_id).exists()
    if disposal.referral_id:
        return held.filter(referral_id=disposal.referral_id).exists()
    return False
