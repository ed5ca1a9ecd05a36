"""Choosing a case's co-worker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from hubspoke.cases import access, actions, queries


@require_POST
def co_worker(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    chosen = request.POST.get("worker", "")
    worker = queries.worker_here(service_id=case.service_id, spoke_id=case.spoke_id, person_ref=chosen)
    if chosen and worker is None:
        messages.error(request, "Select someone who works where this case is held.")
        return redirect("cases:detail", ref=case.uuid)
    try:
        actions.set_co_worker(actor=request.user, case=case, worker=worker, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Co-worker changed." if chosen else "Co-worker removed.")
    return redirect("cases:detail", ref=case.uuid)
