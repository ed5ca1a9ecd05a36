"""Each role's home page: what needs doing first, then where the person works."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.exchange import home as exchange_home
from hubspoke.home import to_do
from hubspoke.network import queries, scoping
from hubspoke.network.models import Role

HOME_TEMPLATES = {
    Role.SERVICE_MANAGER: "home/home_manager.html",
    Role.HUB_WORKER: "home/home_worker.html",
    Role.SPOKE_WORKER: "home/home_worker.html",
    Role.PARTNER: "home/home_partner.html",
    Role.PROGRAMME_LEAD: "home/home_programme.html",
    Role.EVALUATOR: "home/home_programme.html",
    Role.EXCHANGE_LEAD: "home/home_exchange.html",
    Role.ADMINISTRATOR: "home/home_admin.html",
}


@require_GET
def home(request):
    """Each role lands on its own home page; a person with no current role is told so."""
    scope = scoping.scope_for(request.user)
    role = scope.primary_role
    context = {
        "scope": scope,
        "role": role,
        "role_label": Role(role).label if role else "",
        "role_places": [str(m.place) for m in scope.memberships if m.role == role],
    }
    if role is None:
        return render(request, "home/home_no_role.html", context)
    if role in (Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER):
        context["services"] = queries.services_for_list(request.user).filter(pk__in=scope.member_service_ids)
        context["spokes"] = (
            scoping.spokes_visible_to(request.user)
            .filter(service_id__in=scope.member_service_ids)
            .select_related("service", "local_authority", "host_agency", "model")
            .order_by("service__name", "name")
        )
        context["managers"] = queries.managers_of(scope.member_service_ids)
        context["to_do"] = to_do.items_for(request.user, scope)
    elif role == Role.PARTNER:
        context["agencies"] = [m.agency for m in scope.memberships if m.role == Role.PARTNER]
        context["hosted_spokes"] = queries.spokes_hosted_by(scope.agency_ids)
    else:
        context["summary"] = queries.programme_summary(scope.programme_ids)
        if role == Role.EXCHANGE_LEAD:
            context["to_do"] = to_do.items_for(request.user, scope)
            context["latest_threads"] = exchange_home.latest_threads(scope)
        if role in (Role.EXCHANGE_LEAD, Role.ADMINISTRATOR):
            context["managers"] = queries.managers_of(scoping.services_visible_to(request.user).values("pk"))
    return render(request, HOME_TEMPLATES[role], context)
