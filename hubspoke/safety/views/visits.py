"""Lone-working pages: the worker's safety page, profile and visit start; the visit page a
worker keeps open on the phone (tiny, no JavaScript, one button a tap); the responder's alarm
page; the acknowledgement page for contacts outside Hubspoke; the managers' board and alarm
chain. Thin: access → form → action or query → render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.lib.forms import add_errors
from hubspoke.lib.htmx import is_htmx
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.safety import access, forms, queries, rules
from hubspoke.safety.actions import visits as actions
from hubspoke.safety.messages import visit_for_token
from hubspoke.safety.models import VisitState


@require_GET
def index(request):
    scope = access.require_visiting_staff(request)
    return render(request, "safety/visits/index.html", {
        "open_visit": queries.open_visit_of(request.user),
        "recent": queries.recent_visits_of(request.user),
        "profile": actions.profile_of(request.user),
        "manages": bool(scope.managed_service_ids),
        "managed_services": list(scoping.services_visible_to(request.user).filter(pk__in=scope.managed_service_ids)),
    })


@require_http_methods(["GET", "POST"])
def profile(request):
    access.require_visiting_staff(request)
    current = actions.profile_of(request.user)
    buddies = queries.possible_buddies(request.user)
    initial = {"phone": current.phone, "vehicle": current.vehicle,
               "buddy": str(current.buddy.uuid) if current.buddy_id else ""}
    form = forms.ProfileForm(request.POST if request.method == "POST" else None, initial=initial, buddies=buddies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pin = "" if data["remove_pin"] else (data["duress_pin"] or None)
        try:
            actions.save_profile(person=request.user, phone=data["phone"], vehicle=data["vehicle"],
                                 buddy=data["buddy"], duress_pin=pin, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            flash.success(request, "Your safety details are saved")
            return redirect("safety:index")
    return render(request, "safety/visits/profile.html", {"form": form, "has_pin": bool(current.duress_pin)},
                  status=400 if form.errors else 200)


def _places(request, case):
    """Where a visit can belong: the case's service and spoke, or each of the worker's teams."""
    if case is not None:
        label = case.spoke.name if case.spoke_id else case.service.name
        return [(str(case.uuid), (label, case.service, case.spoke))]
    places = []
    for m in scoping.scope_for(request.user).memberships:
        if m.spoke_id:
            places.append((f"spoke-{m.spoke.uuid}", (m.spoke.name, m.spoke.service, m.spoke)))
        elif m.service_id and m.role in ("hub_worker", "service_manager"):
            places.append((f"service-{m.service.uuid}", (m.service.name, m.service, None)))
    return list(dict(places).items())


@require_http_methods(["GET", "POST"])
def start(request):
    access.require_visiting_staff(request)
    case = access.get_case_for_visit(request, request.GET["case"]) if request.GET.get("case") else None
    existing = queries.open_visit_of(request.user)
    places = _places(request, case)
    form = forms.StartVisitForm(request.POST if request.method == "POST" else None, places=places,
                                demo=settings.HUBSPOKE_DEMO)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, service, spoke = form.places[data.get("place_ref") or places[0][0]]
        try:
            visit = actions.start_visit(
                worker=request.user, service=service, spoke=spoke, case=case, place=data["place"],
                location=data["location"], meeting_with=data["meeting_with"],
                meeting_with_detail=data["meeting_with_detail"],
                expected_end=timezone.now() + dt.timedelta(minutes=data["duration"]),
                check_in_every=data["check_in_every"], request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("safety:visit", ref=visit.uuid)
    return render(request, "safety/visits/start.html", {
        "form": form, "case": case, "existing": existing, "profile": actions.profile_of(request.user),
    }, status=400 if form.errors else 200)


@require_GET
def visit(request, ref):
    found = access.get_own_visit(request, ref)
    return render(request, "safety/visits/visit.html", {
        "visit": found, "seen": queries.as_the_worker_sees(found), "form": forms.PinForm(),
        "extensions": rules.EXTENSIONS, "has_pin": bool(actions.profile_of(request.user).duress_pin),
    })


def _visit_button(request, ref, act, said=None):
    found = access.get_own_visit(request, ref)
    form = forms.PinForm(request.POST)
    form.is_valid()
    try:
        done = act(found, form.cleaned_data)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        if said:  # what the worker sees, whatever happened (a duress PIN included)
            flash.success(request, said(done))
    return redirect("safety:visit", ref=found.uuid)


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@require_POST
def check_in(request, ref):
    return _visit_button(request, ref, lambda v, d: actions.check_in(v, pin=d.get("pin", ""), request=request),
                         said=lambda v: f"Checked in at {_at(timezone.now())}")


@require_POST
def extend(request, ref):
    return _visit_button(request, ref, lambda v, d: actions.extend(
        v, minutes=d.get("minutes") or 0, pin=d.get("pin", ""), request=request),
        said=lambda v: f"Extended: your visit now ends at {_at(v.expected_end)}")


@require_POST
def finish(request, ref):
    return _visit_button(request, ref, lambda v, d: actions.finish(v, pin=d.get("pin", ""), request=request))


@require_POST
def help_now(request, ref):
    return _visit_button(request, ref, lambda v, d: actions.raise_alarm(v, request=request))


@require_GET
def alarm(request, ref):
    found = access.get_visit_for_responder(request, ref)
    return render(request, "safety/visits/alarm.html", {
        "visit": found, "events": queries.events_of(found), "address": access.linked_address(request, found),
        "form": forms.ResolveForm(), "is_manager": scoping.can_manage_service(request.user, found.service_id),
    })


@require_POST
def acknowledge(request, ref):
    found = access.get_visit_for_responder(request, ref)
    actions.acknowledge(found, by_name=request.user.full_name, by=request.user, request=request)
    flash.success(request, "You have the alarm: no one else will be alerted. Resolve it with a note when it is over")
    return redirect("safety:alarm", ref=found.uuid)


@require_POST
def resolve(request, ref):
    found = access.get_visit_for_responder(request, ref)
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve(found, by=request.user, note=form.cleaned_data["note"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            flash.success(request, "The alarm is resolved and the incident note recorded")
            return redirect("safety:alarm", ref=found.uuid)
    return render(request, "safety/visits/alarm.html", {
        "visit": found, "events": queries.events_of(found), "address": access.linked_address(request, found),
        "form": form, "is_manager": scoping.can_manage_service(request.user, found.service_id),
    }, status=400)


@login_not_required
@require_http_methods(["GET", "POST"])
def acknowledge_outside(request, token):
    """For a chain contact without a Hubspoke account (a host agency's duty desk): the link in
    their message, signed and short-lived, lets them say they have the alarm, and nothing else."""
    found = visit_for_token(token)
    if found is None:
        return render(request, "safety/visits/acknowledge_outside.html", {"expired": True}, status=404)
    form = forms.AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.acknowledge(found, by_name=f"{form.cleaned_data['name']} (by the link in the alert)", request=request)
        return redirect("safety:acknowledge_outside", token=token)
    return render(request, "safety/visits/acknowledge_outside.html", {"visit": found, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def board(request):
    services = access.require_board(request)
    context = {"visits": queries.board(services), "alarms": queries.recent_alarms(services), "now": timezone.now(),
               "Red": VisitState.RED, "Amber": VisitState.AMBER}
    if is_htmx(request):
        return render(request, "safety/visits/_board.html", context)
    context["services"] = list(scoping.services_visible_to(request.user).filter(pk__in=services).order_by("name"))
    return render(request, "safety/visits/board.html", context)


@require_GET
def programme_counts(request):
    programmes = access.require_programme(request)
    return render(request, "safety/visits/counts.html", {"counts": queries.counts(programmes), "now": timezone.now()})


@require_http_methods(["GET", "POST"])
def chain(request, ref):
    service = access.require_chain_manager(request, ref)
    form = forms.ChainStepForm(request.POST if request.method == "POST" else None,
                               spokes=network_queries.spokes_of(service),
                               people=queries.staff_people([service.pk]))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_chain_step(service=service, by=request.user, request=request, **{
                k: form.cleaned_data[k] for k in ("label", "spoke", "person", "phone", "email", "wait_minutes", "hours")
            })
        except ValidationError as error:
            add_errors(form, error)
        else:
            flash.success(request, "Step added to the alarm chain")
            return redirect("safety:chain", ref=service.uuid)
    return render(request, "safety/visits/chain.html", {"service": service, "steps": queries.chain_of(service),
                                                         "form": form}, status=400 if form.errors else 200)


@require_POST
def chain_remove(request, ref, step):
    service = access.require_chain_manager(request, ref)
    actions.remove_chain_step(service=service, step_ref=step, by=request.user, request=request)
    flash.success(request, "Step removed from the alarm chain")
    return redirect("safety:chain", ref=service.uuid)
