"""Transfers: where a case may go, and the transfers a manager or a case sees."""

from django.db.models import Q, QuerySet

from hubspoke.cases.models import Case, CaseTransfer
from hubspoke.network import scoping
from hubspoke.network.models import Service


def transfer_destinations():
    """Every active service's hub and spokes, for choosing where a case goes."""

    found = []
    for service in Service.objects.filter(is_active=True).prefetch_related("spokes").order_by("name"):
        found.append((service, None))
        found.extend((service, spoke) for spoke in sorted(service.spokes.all(), key=lambda sp: sp.name))
    return found


def transfers_for_manager(user):
    services = scoping.scope_for(user).managed_service_ids
    return (
        CaseTransfer.objects.filter(Q(to_service_id__in=services) | Q(case__service_id__in=services))
        .select_related("case__young_person", "case__service", "to_service", "to_spoke", "requested_by")
        .order_by("-requested_at", "-pk")
    )


def transfers_of(case: Case) -> QuerySet[CaseTransfer]:
    """Transfers out of this case and the one that brought it in."""
    return (
        CaseTransfer.objects.filter(Q(case=case) | Q(new_case=case))
        .select_related("case__service", "to_service", "to_spoke")
        .order_by("-requested_at")
    )
