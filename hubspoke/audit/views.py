from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.audit import queries, registry
from hubspoke.audit.guard import deny_not_found


@require_GET
def who_has_seen(request, kind, ref):
    """Managers see every look at a record in their scope: who, in what role, when."""
    subject_kind = registry.subject_kind(kind)
    if subject_kind is None:
        raise deny_not_found(request=request, kind=kind, ref=ref)
    subject = subject_kind.get_for_manager(request, ref)
    before = request.GET.get("before")
    try:
        before_id = int(before) if before else None
    except ValueError:
        raise Http404("Not found") from None
    rows = list(queries.views_of(kind=kind, ref=str(ref), before_id=before_id))
    has_more = len(rows) > queries.VIEWERS_PAGE_SIZE
    rows = rows[: queries.VIEWERS_PAGE_SIZE]
    return render(
        request,
        "audit/who_has_seen.html",
        {
            "subject": subject,
            "subject_label": subject_kind.label,
            "events": rows,
            "next_before": rows[-1].id if has_more else None,
        },
    )
