"""The waiting list: accepted referrals no case answers yet."""

from django.db.models import Case as When_
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Value, When

from hubspoke.cases.models import CaseReferral
from hubspoke.referrals.models import Referral, ReferralStatus, Urgency
from hubspoke.referrals.queries import referrals_visible_to

URGENCY_RANK = When_(
    When(urgency=Urgency.IMMEDIATE, then=Value(0)), When(urgency=Urgency.URGENT, then=Value(1)), default=Value(2)
)


def waiting_list(user) -> QuerySet[Referral]:
    """Accepted referrals that no case answers yet: most urgent first, then longest waiting.
    NOT EXISTS rather than an outer join to case links: PostgreSQL plans it as an anti-join on
    the link's unique index instead of reading every link."""
    return (
        referrals_visible_to(user)
        .filter(status=ReferralStatus.ACCEPTED)
        .filter(~Exists(CaseReferral.objects.filter(referral=OuterRef("pk"))))
        .annotate(
            urgency_rank=URGENCY_RANK,
            accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind="accepted")),
        )
        .select_related("service", "spoke", "young_person")
        .order_by("urgency_rank", "accepted_at", "pk")
    )


def waiting_for_worker(referral: Referral) -> bool:
    """Accepted and not yet part of a case (what the waiting list lists)."""
    return referral.status == ReferralStatus.ACCEPTED and not CaseReferral.objects.filter(referral=referral).exists()
