"""Navigation that depends on the person's roles, computed once from their scope."""

from django.conf import settings
from django.urls import reverse

from hubspoke.network import scoping
from hubspoke.network.models import Role


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    account = None
    sharing_sections = []
    # Until the account has its second factor, there is nowhere else to go.
    if user is not None and user.is_authenticated and getattr(request, "hubspoke_mfa_ok", False):
        scope = scoping.scope_for(user)
        items.append(("Home", reverse("home")))
        if scope.member_service_ids:
            items.append(("Referrals", reverse("referrals:inbox")))
            items.append(("Waiting list", reverse("cases:waiting_list")))
            items.append(("Caseload", reverse("cases:team") if scope.managed_service_ids else reverse("cases:mine")))
            items.append(("Find a young person", reverse("referrals:search")))
        if scope.agency_ids:
            items.append(("Your referrals", reverse("referrals:sent")))
        if scope.member_service_ids or Role.ADMINISTRATOR in scope.roles:
            items.append(("Information sharing", reverse("sharing:agreements")))
        elif scope.agency_ids:
            items.append(("Shared with you", reverse("sharing:partner_home")))
        sharing_sections = _sharing_sections(scope)
        if scope.managed_service_ids:
            items.append(("Subject access", reverse("rights:requests")))
        elif scope.has_role(Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.ADMINISTRATOR):
            items.append(("Subject access", reverse("rights:programme")))
        if scope.managed_service_ids or Role.ADMINISTRATOR in scope.roles:
            items.append(("Retention", reverse("retention:schedule")))
        if scope.member_service_ids or scope.programme_ids:
            items.append(("Services", reverse("network:service_list")))
        if scope.has_role(Role.PROGRAMME_LEAD, Role.EVALUATOR):
            items.append(("Figures", reverse("monitoring:programme")))
        if Role.ADMINISTRATOR in scope.roles and user.is_staff:
            items.append(("Administration", reverse("admin:index")))
        account = reverse("accounts:security")
    path = request.path if request is not None else ""
    nav = [
        {"label": label, "url": url, "current": (path == url if url == "/" else path.startswith(url))}
        for label, url in items
    ]
    # The person's own account is in the header's account links, beside "Sign out", not among
    # the service's sections.
    account_nav = {"url": account, "current": path.startswith(account)} if account else None
    sections = [{"label": label, "url": url, "current": path.startswith(url)} for label, url in sharing_sections]
    return {"nav_items": nav, "account_nav": account_nav, "demo_mode": settings.HUBSPOKE_DEMO,
            "sharing_sections": sections}


def _sharing_sections(scope) -> list[tuple[str, str]]:
    """The information-sharing pages a person's roles open, shown as tabs above each of them."""
    if scope.agency_ids and not scope.member_service_ids:
        return [("Shared with your agency", reverse("sharing:partner_home")),
                ("Requests for information", reverse("sharing:requests")),
                ("Agreements", reverse("sharing:agreements"))]
    sections = []
    if scope.member_service_ids or Role.ADMINISTRATOR in scope.roles:
        sections.append(("Agreements", reverse("sharing:agreements")))
    if scope.managed_service_ids:
        sections += [("Disclosure log", reverse("sharing:log")),
                     ("Requests for information", reverse("sharing:requests"))]
    return sections
