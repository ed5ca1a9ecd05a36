"""Who may see and record young people's feedback: as the case is (``cases.access``). The
service's answers together are for its staff, each seeing the cases they may see."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found
from hubspoke.cases import access as case_access
from hubspoke.cases import queries as case_queries
from hubspoke.cases.models import Case
from hubspoke.network import scoping


def get_case(request, ref) -> Case:
    """A case the person may see (audited as a look at it); anyone else 404."""
    return case_access.get_case_for(request, ref)


def get_case_to_record(request, ref) -> Case:
    """A case whose feedback the person may record: its lead worker or a manager, while open."""
    return case_access.get_case_for(request, ref, to="record")


def get_handover_case(request, ref) -> Case | None:
    """The case a hand-over is for, without a look at it being recorded (the hand-over page shows
    nothing of it); None if the person may no longer record on it."""
    case = case_queries.case_detail(request.user).filter(uuid=ref).first()
    if case is None or not case_access.may_record(request.user, case):
        return None
    return case


def require_staff(request) -> None:
    if not scoping.scope_for(request.user).member_service_ids:
        raise deny_not_found(request=request, kind="participation.feedback", ref="service")
