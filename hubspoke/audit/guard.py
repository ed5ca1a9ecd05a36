"""The one way an ``access.py`` function answers "no".

Out of scope and missing give the same answer, 404, so that nobody learns that a record
exists; a person who may see a record but not change it gets 403. Both are audited."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from hubspoke.audit.actions import record_denial


def deny_not_found(*, request, kind: str, ref) -> Http404:
    record_denial(actor=request.user, subject_kind=kind, subject_ref=str(ref), request=request, status=404)
    return Http404("Not found")


def deny_read_only(*, request, kind: str, ref) -> PermissionDenied:
    record_denial(actor=request.user, subject_kind=kind, subject_ref=str(ref), request=request, status=403)
    return PermissionDenied("You can see this but not change it.")
