"""The waiting list, allocating a referral, and changing a case's lead worker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import AllocateForm, ReallocateForm
from hubspoke.cases.timeliness import first_contact
from hubspoke.cases.views._paging import PAGE_SIZE
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping


@require_GET
def waiting_list(request):
    access.require_staff(request)
    page = Paginator(queries.waiting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = [
        {
            "referral": r,
            "days": (on - r.accepted_at.date()).days if r.accepted_at else None,
            "first_contact": first_contact(
                accepted_at=r.accepted_at,
                target_working_days=r.service.first_contact_target_working_days,
                made_on=None,
                on=on,
            ),
        }
        for r in page
    ]
    return render(
        request,
        "cases/waiting_list.html",
        {
            "page": page,
            "rows": rows,
            "managed": scoping.scope_for(request.user).managed_service_ids,
        },
    )


@require_http_methods(["GET", "POST"])
def allocate(request, ref):
    referral = access.get_referral_to_allocate(request, ref)
    if not queries.waiting_for_worker(referral):
        messages.info(request, "This referral is not waiting for a worker.")
        return redirect("referrals:detail", ref=referral.uuid)
    workers = queries.eligible_workers(service_id=referral.service_id, spoke_id=referral.spoke_id)
    form = AllocateForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.allocate_referral(
                actor=request.user, referral=referral, worker=form.membership.person, request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{referral.young_person} is allocated to {form.membership.person.full_name}.")
            return redirect("cases:waiting_list")
    return render(
        request, "cases/allocate.html", {"referral": referral, "form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def reallocate(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    lead = queries.current_lead(case)
    workers = queries.eligible_workers(service_id=case.service_id, spoke_id=case.spoke_id)
    form = ReallocateForm(
        request.POST if request.method == "POST" else None,
        workers=workers,
        current_lead_id=lead.worker_id if lead else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.reallocate_case(
                actor=request.user,
                case=case,
                worker=form.membership.person,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{form.membership.person.full_name} is now the lead worker.")
            return redirect("cases:detail", ref=case.uuid)
    return render(
        request,
        "cases/reallocate.html",
        {"case": case, "lead": lead, "form": form},
        status=400 if form.errors else 200,
    )
