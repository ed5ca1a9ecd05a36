"""Who may see waiting lists and caseloads, and allocate."""

from hubspoke.audit.guard import deny_not_found
from hubspoke.network import scoping
from hubspoke.referrals import access as referral_access
from hubspoke.referrals.models import Referral


def require_staff(request) -> None:
    referral_access.require_staff(request)


def require_manager(request) -> None:
    """Team caseloads are for service managers; anyone else gets the same 404 as a missing page."""
    if not scoping.scope_for(request.user).managed_service_ids:
        raise deny_not_found(request=request, kind="cases.team", ref="caseload")


def get_referral_to_allocate(request, ref) -> Referral:
    """Managers allocate their service's referrals; other staff who can see the referral get
    403; everyone else 404 (the referrals app's manager rule)."""
    return referral_access.get_referral_for_manager(request, ref)
