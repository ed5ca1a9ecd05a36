"""Closing and reopening a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import CloseCaseForm, ReopenForm
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping


@require_http_methods(["GET", "POST"])
def close_case(request, ref):
    case = access.get_case_for(request, ref, to="record")
    risk = queries.current_risk(case)
    form = CloseCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case(actor=request.user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The case is closed.")
            return redirect("cases:detail", ref=case.uuid)
    return render(
        request,
        "cases/close.html",
        {"case": case, "form": form, "risk": risk,
         "can_manage": scoping.can_manage_service(request.user, case.service_id)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def reopen_case(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    workers = queries.eligible_workers(service_id=case.service_id, spoke_id=case.spoke_id)
    form = ReopenForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reopen_case(actor=request.user, case=case, reason=form.cleaned_data["reason"],
                                worker=form.membership.person, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The case is open again, led by {form.membership.person.full_name}.")
            return redirect("cases:detail", ref=case.uuid)
    return render(request, "cases/reopen.html", {"case": case, "form": form}, status=400 if form.errors else 200)
