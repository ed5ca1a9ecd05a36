"""Transfers: asking for one, and the receiving managers' list and answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import AllocateForm, DeclineTransferForm, TransferForm
from hubspoke.lib.forms import add_errors


@require_http_methods(["GET", "POST"])
def transfer_case(request, ref):
    case = access.get_case_for(request, ref, to="record")
    form = TransferForm(request.POST if request.method == "POST" else None,
                        destinations=queries.transfer_destinations())
    if request.method == "POST" and form.is_valid():
        service, spoke = form.chosen
        try:
            actions.request_transfer(actor=request.user, case=case, to_service=service, to_spoke=spoke,
                                     handover_summary=form.cleaned_data["handover_summary"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{service.name}'s managers have been asked to take the work on.")
            return redirect("cases:detail", ref=case.uuid)
    return render(request, "cases/transfer.html", {"case": case, "form": form}, status=400 if form.errors else 200)


@require_GET
def transfers(request):
    managed = access.require_manager(request)
    return render(request, "cases/transfers.html", {"transfers": queries.transfers_for_manager(request.user),
                                                    "managed": managed})


def _render_transfer(request, transfer, *, accept_form=None, decline_form=None, status=200):
    workers = queries.eligible_workers(service_id=transfer.to_service_id, spoke_id=transfer.to_spoke_id)
    return render(request, "cases/transfer_detail.html", {
        "transfer": transfer,
        "accept_form": accept_form or AllocateForm(workers=workers),
        "decline_form": decline_form or DeclineTransferForm(),
    }, status=status)


@require_GET
def transfer_detail(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    return _render_transfer(request, transfer)


@require_POST
def accept_transfer(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    workers = queries.eligible_workers(service_id=transfer.to_service_id, spoke_id=transfer.to_spoke_id)
    form = AllocateForm(request.POST, workers=workers)
    if form.is_valid():
        try:
            new_case = actions.accept_transfer(actor=request.user, transfer=transfer, worker=form.membership.person,
                                               request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Transfer accepted: {form.membership.person.full_name} leads the work.")
            return redirect("cases:detail", ref=new_case.uuid)
    return _render_transfer(request, transfer, accept_form=form, status=400)


@require_POST
def decline_transfer(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    form = DeclineTransferForm(request.POST)
    if form.is_valid():
        try:
            actions.decline_transfer(actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"],
                                     request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Transfer declined. The sending team can see your reason.")
            return redirect("cases:transfers")
    return _render_transfer(request, transfer, decline_form=form, status=400)
