"""Supervision: a person's own records (as supervisee and as supervisor) and where they stand,
choosing whom to record one for, recording it, a record's page, and a service's schedule.
Thin: access → form → action or query → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.safety import access
from hubspoke.safety.actions import supervision as actions
from hubspoke.safety.forms_supervision import ScheduleForm, SupervisionForm
from hubspoke.safety.models import SupervisionKind
from hubspoke.safety.queries import supervision as queries

PAGE_SIZE = 50


@require_GET
def supervision_list(request):
    access.require_staff_for_supervision(request)
    scope = scoping.scope_for(request.user)
    page = Paginator(queries.supervisions_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    standing = queries.standing_for(scope.memberships)
    managed = sorted({m.service for m in scope.memberships if m.service_id in scope.managed_service_ids},
                     key=lambda s: s.name)
    team = list(queries.team_records(scope.managed_service_ids, exclude_person=request.user)[:PAGE_SIZE]) \
        if managed else []
    return render(request, "safety/supervision/list.html", {
        "page": page, "me": request.user.pk, "standing": [row for rows in standing.values() for row in rows],
        "managed": managed, "team": team,
    })


@require_GET
def supervisees(request):
    access.require_staff_for_supervision(request)
    return render(request, "safety/supervision/people.html", {"people": queries.supervisable(request.user)})


@require_http_methods(["GET", "POST"])
def record(request, ref):
    supervisee = access.get_supervisee_for(request, ref)
    service_id = queries.service_id_of(supervisee)
    kinds = access.kinds_recordable_by(request.user, service_id)
    cases = list(queries.discussable_cases(supervisee=supervisee.person, service_id=service_id, actor=request.user))
    others = [] if SupervisionKind.GROUP_DEBRIEF not in kinds else [
        m for m in queries.staff_memberships_at(service_id)
        if m.person_id not in (request.user.pk, supervisee.person_id)]
    form = SupervisionForm(request.POST if request.method == "POST" else None, kinds=kinds, cases=cases,
                           others=others, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = actions.record_supervision(
                actor=request.user, supervisee=supervisee, kind=data["kind"], held_on=data["held_on"],
                actions_agreed=data["actions_agreed"], wellbeing_note=data["wellbeing_note"],
                cases=form.chosen_cases(), others=form.chosen_others(), request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            more = f" and {len(made) - 1} other{'s' if len(made) > 2 else ''} in the group" if len(made) > 1 else ""
            messages.success(request, f"Supervision recorded for {supervisee.person.full_name}{more}.")
            return redirect("safety:supervision", ref=made[0].uuid)
    last_on, incidents = queries.incidents_since_last_supervision(supervisee.person, service_id)
    return render(request, "safety/supervision/record.html", {
        "supervisee": supervisee, "form": form, "has_cases": bool(cases),
        "last": queries.standing_for([supervisee]).get(supervisee.pk, []),
        "incidents": incidents, "last_on": last_on,
        # What happened is for the service's managers; a peer sees when, and whether it is resolved.
        "incident_notes": scoping.can_manage_service(request.user, service_id),
    }, status=400 if form.errors else 200)


@require_GET
def detail(request, ref):
    found, full = access.get_supervision_for(request, ref)
    cases, hidden = queries.cases_discussed(found, viewer=request.user) if full else ([], 0)
    return render(request, "safety/supervision/detail.html", {
        "found": found, "full": full, "cases": cases, "hidden_cases": hidden,
        "group": queries.group_members(found) if full else [],
        "role": "supervisee" if request.user.pk == found.supervisee_id else (
            "supervisor" if request.user.pk == found.supervisor_id else "manager"),
    })


@require_http_methods(["GET", "POST"])
def schedules(request, ref):
    service = access.get_service_for_schedules(request, ref)
    form = ScheduleForm(request.POST if request.method == "POST" else None, current=queries.schedule_rows(service))
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_schedules(actor=request.user, service=service, every=form.every(), request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved how often supervision is due at {service.name}.")
            return redirect("safety:supervision_schedules", ref=service.uuid)
    return render(request, "safety/supervision/schedules.html", {
        "service": service, "form": form, "kinds": [SupervisionKind(k).label for k in SupervisionKind.values],
    }, status=400 if form.errors else 200)
