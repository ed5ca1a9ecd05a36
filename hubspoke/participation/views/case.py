"""A case's feedback: where its round stands, every answer, and what the worker can do next
(hand the device over, send a link, or record that the young person would rather not)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.cases import access as case_access
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.participation import access, actions, queries
from hubspoke.participation.forms import SendLinkForm, SurveyAnswerForm
from hubspoke.participation.middleware import HANDOVER
from hubspoke.participation.models import ResponseWay
from hubspoke.participation.views.confirm import confirmed

HISTORY_SHOWN = 40


def panel(request, case) -> dict | None:
    """The case page's section (``cases/panels.py``): where the round stands and the latest
    feedback, in two queries."""
    last = queries.feedback_of(case).first()
    return {
        "case": case,
        "round": queries.round_of(case, last_given_on=last.given_on if last else None, on=today()),
        "last": last,
        "may_record": case_access.may_record(request.user, case),
    }


@require_GET
def case_feedback(request, ref):
    case = access.get_case(request, ref)
    history = list(queries.feedback_of(case)[:HISTORY_SHOWN + 1])
    last_on = history[0].given_on if history else None
    return render(request, "participation/case_feedback.html", {
        "case": case,
        "round": queries.round_of(case, last_given_on=last_on, on=today()),
        "history": history[:HISTORY_SHOWN], "more": len(history) > HISTORY_SHOWN,
        "link": queries.live_link(case),
        "may_record": case_access.may_record(request.user, case),
        "open_surveys": [s for s, given in queries.named_surveys_for_case(case, on=today()) if given is None],
        "answered_surveys": queries.case_survey_responses(case),
    })


@require_POST
def start_handover(request, ref):
    case = access.get_case_to_record(request, ref)
    if not confirmed(request, "hand_over"):
        return redirect("participation:case", ref=case.uuid)
    actions.record_handover(actor=request.user, case=case, started=True, request=request)
    request.session[HANDOVER] = {"case": str(case.uuid), "answered": False, "attempts": 0}
    return redirect("participation:handover")


@require_POST
def record_declined(request, ref):
    case = access.get_case_to_record(request, ref)
    if not confirmed(request, "declined"):
        return redirect("participation:case", ref=case.uuid)
    actions.record_declined(actor=request.user, case=case, request=request)
    messages.success(request, "Recorded: they would rather not give feedback this time. It will not be asked "
                              "for again until the next round.")
    return redirect("participation:case", ref=case.uuid)


@require_http_methods(["GET", "POST"])
def send_link(request, ref):
    case = access.get_case_to_record(request, ref)
    destinations = actions.destinations(case)
    form = SendLinkForm(request.POST if request.method == "POST" else None, destinations=destinations)
    if request.method == "POST" and form.is_valid():
        try:
            link = actions.send_link(actor=request.user, case=case, channel=form.cleaned_data["channel"],
                                     request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The link is on its way to {destinations[link.channel]}. It works once, "
                                      f"until {timezone.localtime(link.expires_at):%-d %B}.")
            return redirect("participation:case", ref=case.uuid)
    return render(request, "participation/send_link.html",
                  {"case": case, "form": form, "destinations": destinations, "link": queries.live_link(case)},
                  status=400 if form.errors else 200)


@require_POST
def start_survey_handover(request, ref, survey_ref):
    """The worker hands their device over for the young person to answer a named survey."""
    case = access.get_case_to_record(request, ref)
    survey = access.get_named_survey(request, case, survey_ref)
    if not confirmed(request, "hand_over"):
        return redirect("participation:case", ref=case.uuid)
    actions.record_handover(actor=request.user, case=case, started=True, request=request)
    request.session[HANDOVER] = {"case": str(case.uuid), "survey": str(survey.uuid), "answered": False,
                                 "attempts": 0}
    return redirect("participation:handover")


@require_http_methods(["GET", "POST"])
def survey_paper(request, ref, survey_ref):
    """The worker types in the young person's answers from their paper copy of a named survey."""
    case = access.get_case_to_record(request, ref)
    survey = access.get_named_survey(request, case, survey_ref)
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None,
                            questions=queries.survey_questions(survey))
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_named(actor=request.user, survey=survey, case=case, answers=form.answers(),
                                 way=ResponseWay.PAPER, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Their answers are saved, marked as typed in from paper.")
            return redirect("participation:case", ref=case.uuid)
    return render(request, "participation/surveys/case_type_in.html", {"case": case, "survey": survey, "form": form},
                  status=400 if form.errors else 200)
