from django.db.models import QuerySet

from hubspoke.audit.models import AuditEvent

VIEWERS_PAGE_SIZE = 50


def views_of(*, kind: str, ref: str, before_id: int | None = None) -> QuerySet[AuditEvent]:
    """Every look at one record, newest first, a page at a time (keyset on id, so the page
    costs the same on the millionth row as on the first)."""
    events = AuditEvent.objects.filter(subject_kind=kind, subject_ref=ref, action__endswith=".viewed")
    if before_id is not None:
        events = events.filter(id__lt=before_id)
    return events.select_related("actor").order_by("-id")[: VIEWERS_PAGE_SIZE + 1]
