"""Reads of referrals and young people, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from hubspoke.lib import names
from hubspoke.network import scoping
from hubspoke.referrals.models import (
    DecisionKind,
    Referral,
    ReferralDecision,
    ReferralStatus,
    YoungPerson,
    YoungPersonName,
)

# How far apart two dates of birth may be and still suggest the same young person: referrers
# often know a date only roughly, or swap day and month.
DOB_TOLERANCE_DAYS = 60
MAX_MATCHES = 10


# What a partner is told of a referral's state: never more than this.
PARTNER_STATUS = {
    ReferralStatus.RECEIVED: "Received",
    ReferralStatus.AWAITING_INFORMATION: "Being considered: the service has asked for more information",
    # (and, where it asked the agency in Hubspoke, the question is shown with a form to answer it)
    ReferralStatus.ACCEPTED: "Accepted",
    ReferralStatus.DECLINED: "Declined",
    ReferralStatus.CLOSED: "Closed",
}


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in whole years on a day (a birthday on 29 February comes on 1 March in other years)."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def aliases_of(person: YoungPerson) -> list[str]:
    """Other names recorded beyond the legal names and the known-as name."""
    return [n.name for n in person.names.all() if n.is_alias and n.name != person.known_as]


def question_for_referrer(referral: Referral) -> ReferralDecision | None:
    """The request for information the referring agency may answer in Hubspoke now, if any."""
    if referral.status != ReferralStatus.AWAITING_INFORMATION:
        return None
    last = referral.decisions.order_by("-decided_at", "-pk").first()
    return last if last and last.kind == DecisionKind.INFORMATION_REQUESTED and last.asked_in_hubspoke else None


def young_people_visible_to(user) -> QuerySet[YoungPerson]:
    return scoping.filter_records(YoungPerson.objects.all(), user, service="service", spoke="spoke")


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Staff only: partners never see referral content through this. A referral linked to a
    young person's record is seen where that young person's work is held now, so it follows
    them when their case moves spoke (its own ``spoke`` keeps where it was accepted, which the
    returns count); one not yet linked is seen where it is held itself."""
    held_now = Q(young_person__isnull=False) & scoping.records_q(user, service="service",
                                                                 spoke="young_person__spoke")
    unlinked = Q(young_person__isnull=True) & scoping.records_q(user, service="service", spoke="spoke")
    return Referral.objects.filter(held_now | unlinked)


def referrals_of_young_person(user, person: YoungPerson) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(young_person=person).order_by("-received_at", "-pk")


def sent_referrals_of(user) -> QuerySet[Referral]:
    """Referrals made by the partner's agency (or agencies)."""
    return Referral.objects.filter(referring_agency_id__in=scoping.scope_for(user).agency_ids)


@dataclass(frozen=True)
class Match:
    young_person: YoungPerson
    reasons: tuple[str, ...]

    @property
    def strength(self) -> int:
        return len(self.reasons)


def _candidates(base: QuerySet[YoungPerson], *, first_name: str, last_name: str, known_as: str,
                date_of_birth: dt.date | None) -> QuerySet[YoungPerson]:
    sounds = {names.sound(n) for n in (first_name, last_name, known_as) if names.sound(n)}
    q = Q(pk__in=YoungPersonName.objects.filter(sound__in=sounds).values("young_person_id"))
    if date_of_birth:
        q |= Q(date_of_birth__range=(date_of_birth - dt.timedelta(days=DOB_TOLERANCE_DAYS),
                                     date_of_birth + dt.timedelta(days=DOB_TOLERANCE_DAYS)))
    return base.filter(q).prefetch_related("names")


def _judge(person: YoungPerson, *, first_name: str, last_name: str, known_as: str,
           date_of_birth: dt.date | None) -> Match | None:
    """Why this record might be the same young person; None if it is not a plausible match.
    A plausible match needs a family name alike, plus a first name (or alias) alike or a date
    of birth within the tolerance."""
    person_names = [n.name for n in person.names.all()]
    reasons = []
    if any(names.alike(last_name, n) for n in person_names):
        reasons.append("family name")
    given = [n for n in (first_name, known_as) if n]
    if any(names.alike(g, n) for g in given for n in person_names if n):
        reasons.append("first name or alias")
    if date_of_birth and person.date_of_birth:
        gap = abs((person.date_of_birth - date_of_birth).days)
        if gap == 0:
            reasons.append("date of birth")
        elif gap <= DOB_TOLERANCE_DAYS or (person.date_of_birth.day, person.date_of_birth.month) == (
            date_of_birth.month, date_of_birth.day
        ):
            reasons.append("date of birth close")
    plausible = "family name" in reasons and len(reasons) >= 2
    plausible |= "first name or alias" in reasons and "date of birth" in reasons
    return Match(person, tuple(reasons)) if plausible else None


def possible_matches(user, *, first_name: str, last_name: str, known_as: str = "",
                     date_of_birth: dt.date | None = None) -> list[Match]:
    """Young people in the person's own scope who might be the one being referred."""
    candidates = _candidates(young_people_visible_to(user).select_related("spoke"), first_name=first_name,
                             last_name=last_name, known_as=known_as, date_of_birth=date_of_birth)
    matches = [m for p in candidates if (m := _judge(p, first_name=first_name, last_name=last_name,
                                                       known_as=known_as, date_of_birth=date_of_birth))]
    return sorted(matches, key=lambda m: -m.strength)[:MAX_MATCHES]


def services_with_possible_matches(user, *, first_name: str, last_name: str, known_as: str = "",
                                   date_of_birth: dt.date | None = None) -> list:
    """Other services that may know this young person: only the services (and whom to contact
    there), never the records. Out of the person's own scope by construction."""
    visible = young_people_visible_to(user).values("pk")
    candidates = _candidates(YoungPerson.objects.exclude(pk__in=visible).select_related("service"),
                             first_name=first_name, last_name=last_name, known_as=known_as,
                             date_of_birth=date_of_birth)
    services = {}
    for person in candidates:
        if _judge(person, first_name=first_name, last_name=last_name, known_as=known_as,
                  date_of_birth=date_of_birth):
            services[person.service_id] = person.service
    return sorted(services.values(), key=lambda s: s.name)


SEARCH_LIMIT = 50


def search(user, *, name: str = "", date_of_birth: dt.date | None = None) -> tuple[list, list]:
    """Young people, and referrals not yet linked to a record, within the person's scope whose
    names or aliases begin with (or sound like) every word given, and who were born on the day
    given: two queries, at most ``SEARCH_LIMIT`` of each. Referrals of every state are found,
    closed ones too."""
    terms = [t for t in (names.normalise(w) for w in name.split()) if t]
    people = young_people_visible_to(user)
    referrals = referrals_visible_to(user).filter(young_person__isnull=True)
    for term in terms:
        alike = Q(normalised__startswith=term) | Q(sound=names.sound(term))
        people = people.filter(Exists(YoungPersonName.objects.filter(alike, young_person=OuterRef("pk"))))
    for word in name.split():
        referrals = referrals.filter(Q(subject_first_name__istartswith=word) | Q(subject_last_name__istartswith=word)
                                     | Q(subject_known_as__icontains=word))
    if date_of_birth:
        people = people.filter(date_of_birth=date_of_birth)
        referrals = referrals.filter(subject_date_of_birth=date_of_birth)
    people = people.select_related("service", "spoke").order_by("last_name", "first_name", "pk")
    referrals = referrals.select_related("service", "spoke").order_by("-received_at", "-pk")
    return list(people[:SEARCH_LIMIT]), list(referrals[:SEARCH_LIMIT])


def inbox(user, *, status: str, spoke_id: int | None = None) -> QuerySet[Referral]:
    """A service's referrals in one state, oldest first (the longest waiting at the top), each
    with the kind of its latest step (``last_step``: "information_provided" when the referrer
    has just answered)."""
    referrals = referrals_visible_to(user).filter(status=status)
    if spoke_id is not None:
        referrals = referrals.filter(spoke_id=spoke_id)
    last_step = ReferralDecision.objects.filter(referral=OuterRef("pk")).order_by("-decided_at", "-pk").values("kind")
    return (
        referrals.select_related("service", "spoke", "referring_agency")
        .annotate(last_step=Subquery(last_step[:1]))
        .order_by("received_at", "pk")
    )


def history_of(referral: Referral) -> QuerySet[ReferralDecision]:
    """Every decision on the referral, for staff who may see it, in the order made."""
    return referral.decisions.select_related("decided_by")


def last_decline_of(referral: Referral) -> ReferralDecision | None:
    return referral.decisions.filter(kind=DecisionKind.DECLINED).order_by("-decided_at").first()


def exchanges_with_referrer(referral: Referral) -> QuerySet[ReferralDecision]:
    """The questions the service asked the referring agency in Hubspoke and its answers, in
    order: all a partner sees of the referral's history besides its status."""
    return referral.decisions.filter(
        Q(kind=DecisionKind.INFORMATION_REQUESTED, asked_in_hubspoke=True) | Q(kind=DecisionKind.INFORMATION_PROVIDED)
    ).select_related("decided_by").order_by("decided_at", "pk")


def inbox_counts(user) -> dict[str, int]:
    from django.db.models import Count

    rows = referrals_visible_to(user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def services_a_partner_may_refer_to(user):
    """Active services with a spoke hosted by the partner's agency or in its local authority."""
    from hubspoke.network.models import Service

    agency_ids = scoping.scope_for(user).agency_ids
    return (
        Service.objects.filter(is_active=True)
        .filter(Q(spokes__host_agency_id__in=agency_ids) | Q(spokes__local_authority__agencies__id__in=agency_ids))
        .distinct()
        .order_by("name")
    )


def services_staff_may_record_for(user):
    from hubspoke.network.models import Service

    return Service.objects.filter(pk__in=scoping.scope_for(user).member_service_ids).order_by("name")
