"""Participation activities: the service's list by quarter, recording and changing one, who took
part (named only to those who may see their cases), and what they made (links and files, the
files handed out only here, after the access check)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network.models import Service
from hubspoke.participation import access, activities, queries
from hubspoke.participation.forms import ActivityForm, OutputForm, ParticipantChangeForm, ParticipantForm
from hubspoke.participation.models import ActivityKind
from hubspoke.participation.views.confirm import confirmed
from hubspoke.participation.views.service import recent_quarters

logger = logging.getLogger(__name__)


def _services(request) -> list[Service]:
    ids = access.require_activity_staff(request)
    return list(Service.objects.filter(pk__in=list(ids)).order_by("name"))


@require_GET
def activity_list(request):
    services = _services(request)
    quarters = recent_quarters(today())
    chosen = next((q for q in quarters if q["key"] == request.GET.get("quarter")), quarters[0])
    start, end = chosen["bounds"]
    found = queries.activities_between([s.pk for s in services], start=start, end=end)
    return render(request, "participation/activities/list.html", {
        "activities": found, "quarters": quarters, "chosen": chosen, "several": len(services) > 1,
        "kinds": ActivityKind.choices,
    })


def _activity_form(request, services, activity=None) -> ActivityForm:
    initial = ({"kind": activity.kind, "title": activity.title, "held_on": activity.held_on,
                "summary": activity.summary, "accreditation": activity.accreditation,
                "service": str(activity.service.uuid)} if activity else {"held_on": today()})
    return ActivityForm(request.POST if request.method == "POST" else None, initial=initial,
                        services=[activity.service] if activity else services)


@require_http_methods(["GET", "POST"])
def new_activity(request):
    services = _services(request)
    form = _activity_form(request, services)
    if request.method == "POST" and form.is_valid():
        try:
            made = activities.create_activity(actor=request.user, service=form.chosen_service(), request=request,
                                              **form.fields_for_action())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The activity is recorded. Now add who took part and what they made.")
            return redirect("participation:activity", ref=made.uuid)
    return render(request, "participation/activities/edit.html", {"form": form, "activity": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit_activity(request, ref):
    activity = access.get_activity(request, ref)
    form = _activity_form(request, [], activity)
    if request.method == "POST" and form.is_valid():
        try:
            activities.update_activity(actor=request.user, activity=activity, request=request,
                                       **form.fields_for_action())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("participation:activity", ref=activity.uuid)
    return render(request, "participation/activities/edit.html", {"form": form, "activity": activity},
                  status=400 if form.errors else 200)


def _page(request, activity, *, participant_form=None, output_form=None, status=200):
    shown, others = queries.participants_of(request.user, activity)
    if shown:
        # The young people named here are a look at their records: one row for the page.
        audit.record(action="participation.activity.viewed", actor=request.user, subject=activity, request=request,
                     detail={"cases": [str(p.case.uuid) for p in shown]})
    candidates = queries.candidates_for(request.user, activity)
    return render(request, "participation/activities/activity.html", {
        "activity": activity, "participants": shown, "others": others,
        "participant_form": participant_form or ParticipantForm(candidates=candidates,
                                                                initial={"consent": "themselves"}),
        "output_form": output_form or OutputForm(),
        "outputs": queries.outputs_of(activity), "has_candidates": bool(candidates),
    }, status=status)


@require_GET
def activity(request, ref):
    return _page(request, access.get_activity(request, ref))


@require_POST
def add_participant(request, ref):
    activity = access.get_activity(request, ref)
    form = ParticipantForm(request.POST, candidates=queries.candidates_for(request.user, activity))
    if form.is_valid():
        case = access.get_participant_case(request, activity, form.cleaned_data["case"])
        try:
            activities.save_participant(actor=request.user, activity=activity, case=case,
                                        consent=form.cleaned_data["consent"],
                                        accredited=form.cleaned_data["accredited"], paid=form.cleaned_data["paid"],
                                        request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{case.young_person} is recorded as taking part.")
            return redirect("participation:activity", ref=activity.uuid)
    return _page(request, activity, participant_form=form, status=400)


@require_http_methods(["GET", "POST"])
def change_participant(request, ref, case_ref):
    activity = access.get_activity(request, ref)
    case = access.get_participant_case(request, activity, case_ref)
    participant = access.get_participant(request, activity, case)
    form = ParticipantChangeForm(request.POST if request.method == "POST" else None, initial={
        "consent": participant.consent, "accredited": participant.accredited,
        "paid": f"{participant.paid_pence / 100:.2f}" if participant.paid_pence else ""})
    if request.method == "POST" and form.is_valid():
        try:
            activities.save_participant(actor=request.user, activity=activity, case=case, request=request,
                                        **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("participation:activity", ref=activity.uuid)
    return render(request, "participation/activities/participant.html", {
        "activity": activity, "case": case, "form": form}, status=400 if form.errors else 200)


@require_POST
def remove_participant(request, ref, case_ref):
    activity = access.get_activity(request, ref)
    case = access.get_participant_case(request, activity, case_ref)
    if not confirmed(request, "remove"):
        return redirect("participation:activity", ref=activity.uuid)
    try:
        activities.remove_participant(actor=request.user, activity=activity, case=case, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{case.young_person} is no longer recorded as taking part.")
    return redirect("participation:activity", ref=activity.uuid)


@require_POST
def add_output(request, ref):
    activity = access.get_activity(request, ref)
    form = OutputForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            activities.add_output(actor=request.user, activity=activity, kind=form.cleaned_data["kind"],
                                  title=form.cleaned_data["title"], link=form.cleaned_data["link"],
                                  upload=form.cleaned_data.get("file"), request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Added.")
            return redirect("participation:activity", ref=activity.uuid)
    if request.FILES.get("file") and form.errors and "file" not in form.errors:
        form.add_error("file", f"Select the file again: a browser cannot keep {request.FILES['file'].name} when "
                               "the page shows an error")
    return _page(request, activity, output_form=form, status=400)


@require_POST
def remove_output(request, ref, output_ref):
    activity = access.get_activity(request, ref)
    output = access.get_activity_output(request, activity, output_ref)
    if not confirmed(request, "remove"):
        return redirect("participation:activity", ref=activity.uuid)
    activities.remove_output(actor=request.user, activity=activity, output=output, request=request)
    messages.success(request, f"{output.title} is removed.")
    return redirect("participation:activity", ref=activity.uuid)


@require_GET
def output_file(request, ref, output_ref):
    activity = access.get_activity(request, ref)
    output = access.get_activity_output(request, activity, output_ref)
    if not output.file:
        raise Http404("Not found")
    try:
        handle = output.file.storage.open(output.file.name, "rb")
    except FileNotFoundError:
        logger.error("The file of output %s is missing from storage", output.uuid)
        raise Http404("Not found") from None
    audit.record(action="participation.output.downloaded", actor=request.user, subject=activity, request=request,
                 detail={"output": str(output.uuid)})
    response = FileResponse(handle, as_attachment=True, content_type=output.file_type or "application/octet-stream",
                            filename=output.file_name or "output")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
