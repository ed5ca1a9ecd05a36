from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.audit import actions as audit
from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import AllocateForm
from hubspoke.cases.models import CaseReferral
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.referrals.models import ReferralStatus

PAGE_SIZE = 50


def waiting_list(request):
    access.require_staff(request)
    page = Paginator(queries.waiting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = [{"referral": r, "days": (on - r.accepted_at.date()).days if r.accepted_at else None} for r in page]
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
    if referral.status != ReferralStatus.ACCEPTED or CaseReferral.objects.filter(referral=referral).exists():
        messages.info(request, "This referral is not waiting for a worker.")
        return redirect("referrals:detail", ref=referral.uuid)
    workers = list(queries.workers_for(service_id=referral.service_id, spoke_id=referral.spoke_id))
    form = AllocateForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.allocate_referral(
                actor=request.user, referral=referral, worker=form.membership.person, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{referral.young_person} is allocated to {form.membership.person.full_name}.")
            return redirect("cases:waiting_list")
    audit.record_view(actor=request.user, subject=referral, request=request)
    return render(
        request, "cases/allocate.html", {"referral": referral, "form": form}, status=400 if form.errors else 200
    )


def team(request):
    access.require_manager(request)
    return render(request, "cases/team.html", {"members": queries.team_caseload(request.user)})


def mine(request):
    access.require_staff(request)
    return render(request, "cases/mine.html", {"allocations": queries.my_caseload(request.user)})
