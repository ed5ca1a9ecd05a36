"""Pages of the retention app: the schedule (every member of staff reads it; administrators
change it), the managers' due-for-review list, one record's retention (holds, a proposal), the
second person's decision, and certificates of disposal. Thin: access → form → action → render."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.accounts.models import User
from hubspoke.audit.guard import deny_not_found
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Programme, Role, Service
from hubspoke.retention import access, actions, queries
from hubspoke.retention.forms import (
    APPROVE,
    REJECT,
    WITHDRAW,
    DecisionForm,
    HoldForm,
    LeadForm,
    LiftForm,
    PeriodForm,
    ProposeForm,
)
from hubspoke.retention.models import EDITABLE_KINDS, DisposalStatus, RecordKind


def _page(request, template, context, form=None):
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


# --- The schedule -------------------------------------------------------------------------------


@require_GET
def schedule(request):
    programme_ids = access.require_schedule_reader(request)
    administered = queries.administered_programme_ids(request.user)
    programmes = [{"programme": p, "rows": queries.schedule_for(p.pk), "may_change": p.pk in administered}
                  for p in Programme.objects.filter(pk__in=programme_ids).order_by("name")]
    return render(request, "retention/schedule.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def period(request, kind):
    """An administrator changes one period of their programme (a password re-entered to submit)."""
    administered = access.require_administrator(request)
    if kind not in EDITABLE_KINDS:
        raise deny_not_found(request=request, kind="retention.schedule", ref=kind[:40])
    programme = Programme.objects.filter(pk__in=administered).order_by("name").first()
    row = next(r for r in queries.schedule_for(programme.pk) if r["kind"] == kind)
    form = PeriodForm(request.POST if request.method == "POST" else None, initial={"years": row["years"]})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_period(actor=request.user, programme=programme, kind=kind, years=form.cleaned_data["years"],
                               reason=form.cleaned_data["reason"], reauthenticated=True, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Changed: {RecordKind(kind).label.lower()}.")
            return redirect("retention:schedule")
    return _page(request, "retention/period.html", {"programme": programme, "row": row, "form": form}, form)


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def leads(request):
    """An administrator names each service's data protection lead (a password re-entered to submit)."""
    administered = access.require_administrator(request)
    services = list(Service.objects.filter(programme_id__in=administered).order_by("name"))
    people = list(User.objects.filter(
        pk__in=Membership.objects.filter(scoping.current_memberships_q(), role=Role.ADMINISTRATOR,
                                         programme_id__in=administered).values("person_id")).order_by("full_name"))
    current = {lead.service_id: lead for lead in queries.leads_of([s.pk for s in services])}
    form = LeadForm(request.POST if request.method == "POST" else None, services=services, people=people)
    if request.method == "POST" and form.is_valid():
        service = next(s for s in services if str(s.uuid) == form.cleaned_data["service"])
        person = next((p for p in people if str(p.uuid) == form.cleaned_data["person"]), None)
        try:
            actions.set_data_protection_lead(actor=request.user, service=service, person=person, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved: the data protection lead of {service}.")
            return redirect("retention:leads")
    return _page(request, "retention/leads.html", {
        "rows": [(s, current.get(s.pk)) for s in services], "form": form}, form)


# --- Managers' lists ------------------------------------------------------------------------------


@require_GET
def due(request):
    managed = access.require_manager(request)
    due_now, due_soon = queries.due_for_review(managed, today=today())
    return render(request, "retention/due.html", {
        "due_now": due_now, "due_soon": due_soon,
        "waiting": list(queries.disposals_waiting(managed)),
    })


@require_GET
def certificates(request):
    services = access.require_decider(request)
    return render(request, "retention/certificates.html", {
        "certificates": list(queries.certificates_of(services)[:200]),
        "waiting": list(queries.disposals_waiting(services)),
    })


# --- One record -----------------------------------------------------------------------------------


def _record_context(state):
    record = state.young_person or state.referral
    holds = queries.holds_of(young_person=state.young_person, referral=state.referral)
    return {"state": state, "record": record, "holds": holds,
            "current_hold": next((h for h in holds if h.lifted_at is None), None),
            "disposals": queries.disposals_of(record_ref=state.ref),
            "is_person": state.young_person is not None}


@require_GET
def record(request, ref):
    state = access.get_record_for(request, ref)
    return render(request, "retention/record.html", _record_context(state))


@require_http_methods(["GET", "POST"])
def hold_new(request, ref):
    state = access.get_record_for(request, ref)
    form = HoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.place_hold(actor=request.user, young_person=state.young_person, referral=state.referral,
                               reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The record is on legal hold: it will not be disposed of.")
            return redirect("retention:record", ref=state.ref)
    return _page(request, "retention/hold_new.html", {**_record_context(state), "form": form}, form)


@require_http_methods(["GET", "POST"])
def hold_lift(request, ref):
    hold = access.get_hold_for(request, ref)
    record_ref = (hold.young_person or hold.referral).uuid
    form = LiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.lift_hold(actor=request.user, hold=hold, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The legal hold has been lifted.")
            return redirect("retention:record", ref=record_ref)
    return _page(request, "retention/hold_lift.html", {"hold": hold, "record_ref": record_ref, "form": form}, form)


@require_http_methods(["GET", "POST"])
def propose(request, ref):
    state = access.get_record_for(request, ref)
    form = ProposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            disposal = actions.propose_disposal(
                actor=request.user, young_person=state.young_person, referral=state.referral,
                reason=form.cleaned_data["reason"], explanation=form.cleaned_data["explanation"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Proposed: a second manager or the data protection lead decides.")
            return redirect("retention:disposal", ref=disposal.uuid)
    return _page(request, "retention/propose.html", {**_record_context(state), "form": form}, form)


# --- The decision and the certificate --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def disposal(request, ref):
    """The second person's decision. The page shows what they need to decide and nothing about
    the young person: the record's kind, reference, service, dates, basis, counts, hold. Approving
    needs a password re-entered within allauth's timeout (it suspends the POST and resumes it)."""
    found = access.get_disposal_for(request, ref)
    capacity = actions.may_decide(request.user, found)
    manager = scoping.can_manage_service(request.user, found.service_id)
    proposed = found.status == DisposalStatus.PROPOSED
    form = DecisionForm(request.POST if request.method == "POST" and request.POST.get("decision") != WITHDRAW
                        else None)
    if request.method == "POST":
        if request.POST.get("decision") == WITHDRAW and manager:
            try:
                actions.withdraw_disposal(actor=request.user, disposal=found, request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The proposal has been withdrawn: the record is kept.")
                return redirect("retention:disposal", ref=found.uuid)
        elif form.is_valid():
            decision = form.cleaned_data["decision"]
            if decision == APPROVE and capacity and proposed and is_reauthentication_required(request, app=""):
                raise ReauthenticationRequired()  # allauth keeps this POST and resumes it afterwards
            try:
                if decision == APPROVE:
                    certificate = actions.approve_disposal(actor=request.user, disposal=found, request=request,
                                                           reauthenticated=not is_reauthentication_required(
                                                               request, app=""))
                else:
                    actions.reject_disposal(actor=request.user, disposal=found, note=form.cleaned_data["note"],
                                            request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                if decision == REJECT:
                    messages.success(request, "Not approved: the record is kept.")
                    return redirect("retention:disposal", ref=found.uuid)
                messages.success(request, "The record has been erased. This is its certificate of disposal.")
                return redirect("retention:certificate", ref=certificate.uuid)
        elif not form.errors:
            form.add_error(None, "Select whether you approve")
    held = found.status == DisposalStatus.PROPOSED and queries.is_held(found)
    return _page(request, "retention/disposal.html", {
        "disposal": found, "form": form, "capacity": capacity, "manager": manager, "proposed": proposed,
        "held": held, "expected": sorted(found.expected.items()),
        "certificate": getattr(found, "certificate", None) if found.status == DisposalStatus.CARRIED_OUT else None,
    }, form)


@require_GET
def certificate(request, ref):
    found = access.get_certificate_for(request, ref)
    return render(request, "retention/certificate.html", {
        "certificate": found, "disposal": found.disposal, "erased": sorted(found.erased.items()),
    })
