"""Navigation that depends on the person's roles, computed once from their scope."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from hubspoke.engagement.kinds import KINDS
from hubspoke.exchange import rules as exchange_rules
from hubspoke.network import scoping
from hubspoke.network.models import Role
from hubspoke.retention.access import deciding_service_ids


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    account = None
    sharing_sections = []
    caseload_sections = []
    engagement_sections = []
    data_protection = []
    exchange = None
    exchange_lead = False
    # Until the account has its second factor, there is nowhere else to go.
    if user is not None and user.is_authenticated and getattr(request, "hubspoke_mfa_ok", False):
        scope = scoping.scope_for(user)
        items.append(("Home", reverse("home")))
        if scope.member_service_ids:
            items.append(("Referrals", reverse("referrals:inbox")))
            items.append(("Waiting list", reverse("cases:waiting_list")))
            items.append(("Caseload", reverse("cases:team") if scope.managed_service_ids else reverse("cases:mine")))
            items.append(("Search", reverse("referrals:search")))
            items.append(("Engagement", reverse("engagement:index")))
        if scope.agency_ids:
            items.append(("Your referrals", reverse("referrals:sent")))
        if scope.member_service_ids or Role.ADMINISTRATOR in scope.roles:
            items.append(("Sharing", reverse("sharing:agreements")))
        elif scope.agency_ids:
            items.append(("Shared with you", reverse("sharing:partner_home")))
        sharing_sections = _sharing_sections(scope)
        caseload_sections = _caseload_sections(scope)
        engagement_sections = _engagement_sections(scope)
        data_protection = SimpleLazyObject(lambda: _data_protection_sections(user, scope))
        if scope.managed_service_ids or scope.has_role(Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.ADMINISTRATOR):
            items.append(("Data protection", _data_protection_home(scope)))
        if scope.member_service_ids or scope.programme_ids:
            items.append(("Services", reverse("network:service_list")))
        if scope.has_role(Role.PROGRAMME_LEAD, Role.EVALUATOR):
            items.append(("Figures", reverse("monitoring:programme")))
            items.append(("Safety", reverse("safety:counts")))
        if Role.ADMINISTRATOR in scope.roles and user.is_staff:
            items.append(("Administration", reverse("admin:index")))
        account = reverse("accounts:security")
        if exchange_rules.has_forum(scope.memberships):
            exchange = reverse("exchange:index")
            exchange_lead = exchange_rules.is_lead(scope.memberships)
            if exchange_lead:
                # The lead's own work: in the sections, not only beside their account.
                items.insert(1, ("Forum", exchange))
    path = request.path if request is not None else ""
    nav = [
        {"label": label, "url": url, "current": (path == url if url == "/" else path.startswith(url))
         or (label == "Data protection" and path.startswith(DATA_PROTECTION_PATHS))
         or (label == "Caseload" and path.startswith(CASELOAD_PATHS))}
        for label, url in items
    ]
    # The person's own account is in the header's account links, beside "Sign out", not among
    # the service's sections.
    account_nav = {"url": account, "current": path.startswith(account)} if account else None
    exchange_nav = {"url": exchange, "current": path.startswith(exchange)} if exchange and not exchange_lead else None
    sections = [{"label": label, "url": url, "current": path.startswith(url)} for label, url in sharing_sections]
    caseload = [{"label": label, "url": url,
                 "current": path == url or (url.endswith(PREFIX_SECTIONS) and path.startswith(url))}
                for label, url in caseload_sections]
    return {"nav_items": nav, "account_nav": account_nav, "demo_mode": settings.HUBSPOKE_DEMO,
            "exchange_nav": exchange_nav, "exchange_lead": exchange_lead,
            "sharing_sections": sections, "caseload_sections": caseload,
            "engagement_sections": [{"label": label, "url": url, "current": path == url or (
                url != ENGAGEMENT_HOME and path.startswith(url))} for label, url in engagement_sections],
            "data_protection_sections": SimpleLazyObject(lambda: [
                {"label": label, "url": url, "current": path == url} for label, url in data_protection])}


# A worker's caseload, lone working, supervision and young people's feedback sit under one
# section of the navigation.
CASELOAD_PATHS = ("/cases/mine/", "/cases/team/", "/safety/", "/participation/feedback/", "/participation/surveys/",
                  "/participation/activities/", "/participation/reports/")
# Tabs that stay current on the pages under them (a survey, an activity, a report).
PREFIX_SECTIONS = ("/surveys/", "/activities/", "/reports/")


def _caseload_sections(scope) -> list[tuple[str, str]]:
    """The caseload, lone-working, supervision and feedback pages, shown as tabs above each."""
    if not scope.member_service_ids:
        return []
    sections = [("Team", reverse("cases:team"))] if scope.managed_service_ids else []
    sections.append(("Your caseload", reverse("cases:mine")))
    if scope.managed_service_ids:
        sections.append(("Safety board", reverse("safety:board")))
    sections += [("Lone working", reverse("safety:index")), ("Supervision", reverse("safety:supervision_list")),
                 ("Young people's feedback", reverse("participation:feedback")),
                 ("Surveys", reverse("participation:surveys")),
                 ("Participation", reverse("participation:activities")),
                 ("Participation reports", reverse("participation:reports"))]
    return sections


ENGAGEMENT_HOME = "/engagement/"


def _engagement_sections(scope) -> list[tuple[str, str]]:
    """The work with professionals and the local system: an overview, then each kind's list."""
    if not scope.member_service_ids:
        return []
    return [("Overview", reverse("engagement:index"))] + [
        (kind.label, reverse("engagement:list", kwargs={"kind": name})) for name, kind in KINDS.items()]


# The subject access and retention pages sit under one section of the navigation.
DATA_PROTECTION_PATHS = ("/rights/", "/retention/")


def _data_protection_home(scope) -> str:
    if scope.managed_service_ids:
        return reverse("rights:requests")
    if Role.ADMINISTRATOR in scope.roles:
        return reverse("retention:schedule")
    return reverse("rights:programme")


def _data_protection_sections(user, scope) -> list[tuple[str, str]]:
    """The subject access and retention pages a person's roles open, shown as tabs above each
    of them (computed only on those pages: a data protection lead takes one query)."""
    sections = []
    if scope.managed_service_ids:
        sections += [("Subject access requests", reverse("rights:requests")),
                     ("Due for review", reverse("retention:due"))]
    if scope.has_role(Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.ADMINISTRATOR):
        sections.append(("Subject access figures", reverse("rights:programme")))
    sections.append(("Retention periods", reverse("retention:schedule")))
    if Role.ADMINISTRATOR in scope.roles:
        sections.append(("Data protection leads", reverse("retention:leads")))
    if scope.managed_service_ids or (Role.ADMINISTRATOR in scope.roles and deciding_service_ids(user)):
        sections.append(("Certificates of disposal", reverse("retention:certificates")))
    return sections


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
