"""One case and its parts: the case page's summary, its allocations, referrals, contacts and
plan, and where the young person's risk stands."""

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hubspoke.assessments.queries import RiskNow, risk_now
from hubspoke.cases.models import (
    ActionStatus,
    Allocation,
    AllocationRole,
    Case,
    CaseClosure,
    CaseStatus,
    Contact,
    Meeting,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanElement,
)
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.referrals.models import DecisionKind, Referral, ReferralDecision

# When the case's first referral was accepted: the first-contact clock starts there.
CASE_ACCEPTED_AT = Subquery(
    ReferralDecision.objects.filter(referral__case_link__case=OuterRef("case"), kind=DecisionKind.ACCEPTED)
    .order_by("decided_at")
    .values("decided_at")[:1]
)


def with_contact_summary(queryset: QuerySet, case_ref: str, opened_ref: str) -> QuerySet:
    """When the young person was last reached, and how many attempts since then (or since the
    case opened)."""
    last_reached = Subquery(
        Contact.objects.filter(case=OuterRef(case_ref), reached=True).order_by("-occurred_at").values("occurred_at")[:1]
    )
    queryset = queryset.annotate(last_reached=last_reached).annotate(
        contact_since=Coalesce(F("last_reached"), F(opened_ref))
    )
    attempts = (
        Contact.objects.filter(case=OuterRef(case_ref), reached=False, occurred_at__gt=OuterRef("contact_since"))
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return queryset.annotate(attempts_since=Coalesce(Subquery(attempts), 0))


def closures_of(case: Case) -> QuerySet[CaseClosure]:
    """Every closing of the case, newest first, with who closed and who reopened it."""
    return case.closures.select_related("closed_by", "reopened_by").order_by("-closed_at")


def missing_episodes_of(case: Case) -> QuerySet[MissingEpisode]:
    return case.missing_episodes.select_related("recorded_by").order_by("-started_at", "-pk")


def meetings_of(case: Case) -> QuerySet[Meeting]:
    return case.meetings.select_related("recorded_by").order_by("-held_on", "-pk")


def ratings_of(case: Case) -> QuerySet[OutcomeRating]:
    """Outcome ratings, oldest first (the order distance travelled is measured in)."""
    return case.outcome_ratings.order_by("rated_on", "pk")


def contacts_of(case: Case) -> QuerySet[Contact]:
    return case.contacts.select_related("recorded_by").order_by("-occurred_at", "-pk")


def cases_visible_to(user) -> QuerySet[Case]:
    return scoping.filter_records(Case.objects.all(), user, service="service", spoke="spoke")


def case_detail(user) -> QuerySet[Case]:
    """Cases this person may open, with what the case page's summary needs."""
    return with_contact_summary(
        cases_visible_to(user)
        .select_related("young_person", "service", "spoke")
        .annotate(
            accepted_at=Subquery(
                ReferralDecision.objects.filter(referral__case_link__case=OuterRef("pk"), kind=DecisionKind.ACCEPTED)
                .order_by("decided_at")
                .values("decided_at")[:1]
            )
        ),
        "pk",
        "opened_at",
    )


def allocation_history(case: Case) -> QuerySet[Allocation]:
    return case.allocations.select_related("worker", "allocated_by").order_by("-starts_at", "-pk")


def case_referrals(case: Case) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(case_link__case=case)
        .annotate(accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind=DecisionKind.ACCEPTED)))
        .order_by("received_at", "pk")
    )


def current_lead(case: Case) -> Allocation | None:
    return case.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).select_related("worker").first()


def current_lead_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(role=AllocationRole.LEAD, ends_at__isnull=True, case__status=CaseStatus.OPEN)


def cases_of_young_person(young_person) -> list[Case]:
    """Every case of one young person, newest first, each with its current lead's name."""
    lead_name = Subquery(
        current_lead_allocations().filter(case=OuterRef("pk")).values("worker__full_name")[:1]
    )
    return list(young_person.cases.annotate(lead_name=lead_name).order_by("-opened_at", "-pk"))


def works_young_persons_case(user, young_person) -> bool:
    return Allocation.objects.filter(
        worker=user, ends_at__isnull=True, case__young_person=young_person, case__status=CaseStatus.OPEN
    ).exists()


def plan_of(case: Case) -> list[dict]:
    """The plan by the five elements, in their order (engagement first): two queries."""
    goals = list(
        case.goals.prefetch_related(Prefetch("actions", queryset=PlanAction.objects.order_by("due_on", "pk")))
        .order_by("created_at", "pk")
    )
    return [
        {"element": element, "label": label, "goals": [g for g in goals if g.element == element]}
        for element, label in PlanElement.choices
    ]


def overdue_actions_count(case_ref: str):
    """Plan actions still to do past their date, for annotations."""
    overdue = (
        PlanAction.objects.filter(goal__case=OuterRef(case_ref), status=ActionStatus.TO_DO, due_on__lt=today())
        .values("goal__case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(overdue), 0)


def current_co_worker(case: Case) -> Allocation | None:
    return case.allocations.filter(role=AllocationRole.CO_WORKER, ends_at__isnull=True).select_related("worker").first()


def current_risk(case: Case) -> RiskNow:
    """Where the young person's risk stands now (a lower judgement waiting for its
    countersignature does not lower it)."""
    return risk_now(case.young_person)
