"""Writing the audit trail.

``record()`` writes one row. Call it inside the same ``transaction.atomic()`` block as the
change it records, so that the change and its audit row commit or roll back together. Views of
a record and denials are written on their own (they change nothing else).

Usage: ``from hubspoke.audit import actions as audit`` then ``audit.record(...)``."""

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from hubspoke.audit.models import AuditEvent
from hubspoke.audit.registry import describe_actor, kind_of
from hubspoke.lib.http import client_ip
from hubspoke.lib.requestid import current_request_id

security_log = logging.getLogger("hubspoke.security")

_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
# Events that also go to the structured security log.
_SECURITY_PREFIXES = ("accounts.", "audit.access.", "network.membership.")
# What this request has written, by subject: audit.shown reads it so that one answer writes
# one row per record it showed. None outside a request.
_written: ContextVar[dict | None] = ContextVar("hubspoke_audit_written", default=None)


@contextmanager
def tracking_request():
    written: dict = {}
    token = _written.set(written)
    try:
        yield written
    finally:
        _written.reset(token)


def is_a_look(action: str) -> bool:
    """A row that says a record was seen or searched, not changed."""
    return action.rsplit(".", 1)[-1].endswith(("viewed", "searched")) or action == "audit.access.denied"


def record(
    *,
    action: str,
    actor=None,
    subject=None,
    subject_kind: str = "",
    subject_ref: str = "",
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit event. ``subject`` may be any model instance with a ``uuid``; or give
    ``subject_kind`` and ``subject_ref`` for something that may not exist (a denied lookup)."""
    if not _ACTION.match(action):
        raise ValueError(f"Audit action codes look like 'app.thing.verb', not {action!r}.")
    if subject is not None:
        subject_kind = kind_of(subject)
        subject_ref = str(subject.uuid)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    role, organisation = describe_actor(actor)
    event = AuditEvent.objects.create(
        actor=actor,
        actor_role=role,
        actor_organisation=organisation[:200],
        action=action,
        subject_kind=subject_kind[:60],
        subject_ref=str(subject_ref)[:64],
        request_id=current_request_id(),
        ip_address=client_ip(request),
        detail=detail or {},
    )
    written = _written.get()
    if written is not None and subject_kind:
        written.setdefault((subject_kind, str(subject_ref)), set()).add(action)
    if action.startswith(_SECURITY_PREFIXES):
        security_log.info(
            action,
            extra={
                "event": action,
                "actor_id": actor.pk if actor else None,
                "actor_role": role,
                "subject_kind": subject_kind,
                "subject_ref": subject_ref,
                "ip": event.ip_address,
                **{f"detail_{k}": v for k, v in (detail or {}).items()},
            },
        )
    return event


def record_view(*, actor, subject, request, what: str = "viewed", detail: dict | None = None) -> AuditEvent:
    """One row for one look at a record: a page, a partial, an export or an API call
    (``detail``: what was looked at, such as an export's filters and row count, never content)."""
    return record(
        action=f"{kind_of(subject)}.{what}",
        actor=actor,
        subject=subject,
        request=request,
        detail=detail,
    )


class DenialInsideTransaction(RuntimeError):
    """An access getter was called inside ``transaction.atomic()``: its denial row would be
    rolled back with the request's change, and the refused attempt would leave no trace."""


def _in_transaction() -> bool:
    # The atomic blocks a test case opens around each test (marked by Django's test runner)
    # are not the code's own transactions.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def record_denial(*, actor, subject_kind: str, subject_ref: str, request, status: int) -> AuditEvent:
    """A refused attempt: out of scope (404) or read-only (403). The row says which, even
    though the person was told only 'not found'. Written in autocommit, so refused if called
    inside a transaction: call access getters before opening one."""
    if _in_transaction():
        raise DenialInsideTransaction(
            f"A denial of {subject_kind} was recorded inside a transaction; call the access getter before "
            "transaction.atomic()."
        )
    return record(
        action="audit.access.denied",
        actor=actor,
        subject_kind=subject_kind,
        subject_ref=str(subject_ref),
        request=request,
        detail={"status": status, "path": request.path[:200] if request else ""},
    )
