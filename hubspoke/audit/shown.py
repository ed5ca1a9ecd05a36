"""Every answer that shows a record is audited, whatever the method, in one place.

An access getter that hands a view a guarded record marks it with ``shown(request, record)``.
When the view has answered, ``AuditShownRecordsMiddleware`` writes one row for each record the
answer showed: every page or partial (2xx) and every page shown again with its errors (4xx),
but not a redirect (nothing was shown; a change writes its own row), a denial (403 and 404 are
audited where they are decided) or a server error. A record that this request already changed
is not written again: the change's own row says it was seen.

Views therefore never call ``record_view`` for what they got through an access getter: a
failed form re-shown with 400 is audited exactly as the page that first showed it."""

from __future__ import annotations

from dataclasses import dataclass

from hubspoke.audit import actions
from hubspoke.audit.models import AuditEvent
from hubspoke.audit.registry import kind_of
from hubspoke.lib.requestid import current_request_id

_NOT_A_PAGE = frozenset({204, 401, 403, 404, 405})


@dataclass
class _Shown:
    subject: object
    action: str
    detail: dict | None


def shown(request, subject, *, what: str = "viewed", action: str = "", detail: dict | None = None) -> None:
    """Mark ``subject`` as shown by this request's answer. ``what`` names the look
    (``contact_viewed``: the action is then ``<kind>.contact_viewed``); ``action`` gives a
    whole action code instead. A more particular look replaces a plain "viewed" of the same
    record, so that one answer writes one row per record."""
    if request is None:
        return
    kind = kind_of(subject)
    marks = request.__dict__.setdefault("_audit_shown", {})
    key = (kind, str(subject.uuid))
    code = action or f"{kind}.{what}"
    current = marks.get(key)
    if current is None or current.action == f"{kind}.viewed":
        marks[key] = _Shown(subject=subject, action=code, detail=detail)


def shows_a_page(status: int) -> bool:
    return (200 <= status < 300 or 400 <= status < 500) and status not in _NOT_A_PAGE


class AuditShownRecordsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with actions.tracking_request() as written:
            response = self.get_response(request)
            marks = request.__dict__.get("_audit_shown")
            if marks and shows_a_page(response.status_code):
                for (kind, ref), mark in marks.items():
                    if not _already_written(written, kind, ref, mark.action):
                        actions.record(action=mark.action, actor=request.user, subject=mark.subject,
                                       request=request, detail=mark.detail)
        return response


def _already_written(written: dict, kind: str, ref: str, action: str) -> bool:
    """Whether this request has already written this look, or a change to this record that
    still stands (a change rolled back with its transaction did not happen: the record is
    audited as seen)."""
    actions_here = written.get((kind, ref), set())
    if action in actions_here:
        return True
    changes = {a for a in actions_here if not actions.is_a_look(a)}
    if not changes:
        return False
    return AuditEvent.objects.filter(request_id=current_request_id(), subject_kind=kind,
                                     subject_ref=ref, action__in=changes).exists()
