"""Getting one network object for one person, or a 404 that looks exactly like a missing one.

``to="view"``: anyone whose scope covers it. ``to="manage"``: the service's managers; others
who can see it get 403."""

from typing import Literal

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Service, Spoke

Purpose = Literal["view", "manage"]


def get_service_for(request, ref, *, to: Purpose = "view") -> Service:
    """A service is visible to the people who work in it and to programme-level roles; it is
    managed by its service managers."""
    service = scoping.services_visible_to(request.user).select_related("phase", "programme").filter(uuid=ref).first()
    if service is None:
        raise deny_not_found(request=request, kind="network.service", ref=ref)
    if to == "manage" and not scoping.can_manage_service(request.user, service.pk):
        raise deny_read_only(request=request, kind="network.service", ref=ref)
    return service


def get_spoke_for(request, ref, *, to: Purpose = "view") -> Spoke:
    """A spoke is visible to its workers, its service's managers and hub workers, and
    programme-level roles; it is managed by its service's managers."""
    spoke = (
        scoping.spokes_visible_to(request.user)
        .select_related("service", "host_agency", "local_authority", "model")
        .filter(uuid=ref)
        .first()
    )
    if spoke is None:
        raise deny_not_found(request=request, kind="network.spoke", ref=ref)
    if to == "manage" and not scoping.can_manage_service(request.user, spoke.service_id):
        raise deny_read_only(request=request, kind="network.spoke", ref=ref)
    return spoke


def get_membership_for(request, ref, *, to: Purpose = "manage") -> Membership:
    """A service's memberships (its managers, hub and spoke workers) are managed by that
    service's managers. Anyone else who can see the service's team gets 403; everyone else 404.
    Partner and programme-level memberships are managed in the administration site."""
    user = request.user
    membership = Membership.objects.select_related("person", "service", "spoke__service").filter(uuid=ref).first()
    service_id = None
    if membership is not None:
        service_id = membership.service_id or (membership.spoke.service_id if membership.spoke_id else None)
    scope = scoping.scope_for(user)
    if service_id is None or service_id not in scope.member_service_ids:
        raise deny_not_found(request=request, kind="network.membership", ref=ref)
    if to == "manage" and not scoping.can_manage_service(user, service_id):
        raise deny_read_only(request=request, kind="network.membership", ref=ref)
    return membership


def require_manager(request, *, kind: str, ref: str) -> frozenset[int]:
    """The services this person manages today; for anyone who manages none, the same (audited)
    404 as a missing page, recorded as a denial of ``kind`` ``ref`` (the page that was asked for)."""
    managed = scoping.scope_for(request.user).managed_service_ids
    if not managed:
        raise deny_not_found(request=request, kind=kind, ref=ref)
    return managed


def get_service_for_manager(request, ref) -> Service:
    return get_service_for(request, ref, to="manage")


def get_spoke_for_manager(request, ref) -> Spoke:
    return get_spoke_for(request, ref, to="manage")
