"""Moving a challenge on: raising it at a later stage, recording a response, ending it. Each a
POST from the challenge's page, which shows the form again with its errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hubspoke.audit.guard import deny_not_found
from hubspoke.engagement import access, actions, forms, queries
from hubspoke.engagement.kinds import KINDS
from hubspoke.lib.forms import add_errors


def with_response_forms(steps, bound=None) -> list:
    """Each stage still waiting for a response carries its own form (``bound``, showing its
    errors, for the stage just answered)."""
    for step in steps:
        if step.response_on is None:
            step.response_form = bound if bound is not None and bound.prefix == f"r{step.stage}" else \
                forms.ResponseForm(prefix=f"r{step.stage}")
    return steps


def _again(request, challenge, *, response=None, **bound):
    """The challenge's page with one of its forms bound and showing its errors."""
    context = {"kind": KINDS["challenges"], "record": challenge, "may_change": True,
               "person": queries.young_person_of(challenge),
               "steps": with_response_forms(queries.steps_of(challenge), response),
               "escalate": forms.EscalateForm(current=challenge.stage), "end": forms.EndForm(), **bound}
    return render(request, "engagement/challenges/detail.html", context, status=400)


@require_POST
def escalate(request, ref):
    challenge = access.get_record_for(request, "challenges", ref, to="change")
    form = forms.EscalateForm(request.POST, current=challenge.stage)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.escalate(actor=request.user, challenge=challenge, stage=d["stage"], raised_on=d["raised_on"],
                             raised_with=d["raised_with"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The challenge's new stage is recorded.")
            return redirect("engagement:detail", kind="challenges", ref=challenge.uuid)
    return _again(request, challenge, escalate=form, form=form)


@require_POST
def respond(request, ref, step):
    challenge = access.get_record_for(request, "challenges", ref, to="change")
    found = next((s for s in queries.steps_of(challenge) if str(s.uuid) == str(step)), None)
    if found is None:
        raise deny_not_found(request=request, kind="engagement.challengestep", ref=step)
    form = forms.ResponseForm(request.POST, prefix=f"r{found.stage}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_response(actor=request.user, challenge=challenge, step=found, response=d["response"],
                                    response_on=d["response_on"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Their response is recorded.")
            return redirect("engagement:detail", kind="challenges", ref=challenge.uuid)
    return _again(request, challenge, response=form, form=form)


@require_POST
def end(request, ref):
    challenge = access.get_record_for(request, "challenges", ref, to="change")
    form = forms.EndForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.end_challenge(actor=request.user, challenge=challenge, outcome=d["outcome"],
                                  ended_on=d["ended_on"], note=d["note"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The challenge has ended and its outcome is recorded.")
            return redirect("engagement:detail", kind="challenges", ref=challenge.uuid)
    return _again(request, challenge, end=form, form=form)
