"""The chronology, and marking its events as significant."""


from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hubspoke.cases import access, actions, chronology
from hubspoke.cases.forms import ChronologyFilterForm


@require_GET
def chronology_view(request, ref):
    case = access.get_case_for(request, ref)
    form = ChronologyFilterForm(request.GET or None, kinds=chronology.all_kinds())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = chronology.events_for(
        case, may_read_restricted=access.may_read_restricted(request.user, case),
        kinds=filters.get("kinds"), since=filters.get("since"), until=filters.get("until"),
        significant_only=filters.get("significant", False),
    )
    return render(
        request,
        "cases/chronology.html",
        {"case": case, "events": events, "form": form, "may_record": access.may_record(request.user, case),
         "query": request.GET.urlencode()},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def mark_event(request, ref):
    case = access.get_case_for(request, ref, to="record")
    event = access.get_event_of(request, case, request.POST.get("event", ""))
    actions.mark_significant(actor=request.user, case=case, event_ref=event,
                             significant=request.POST.get("significant") == "on", request=request)
    query = request.POST.get("query", "")
    return redirect(reverse("cases:chronology", kwargs={"ref": case.uuid}) + (f"?{query}" if query else ""))
