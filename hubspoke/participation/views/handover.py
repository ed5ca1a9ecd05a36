"""Hand-over mode: the questions on the worker's device, with nothing of the record on the
page; then the worker's password to go back (``middleware.HandoverMiddleware`` keeps every
other page away meanwhile). Five wrong passwords sign the worker out: the answers are kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hubspoke.lib.forms import add_errors
from hubspoke.participation import access, actions, queries
from hubspoke.participation.forms import FeedbackForm, HandBackForm, SurveyAnswerForm
from hubspoke.participation.middleware import HANDOVER
from hubspoke.participation.models import ResponseWay

MAX_ATTEMPTS = 5


def _survey(state):
    """The named survey this hand-over is for, if it is for one."""
    return queries.survey_by_ref(state["survey"]) if state.get("survey") else None


def _page(request, state, *, form=None, hand_back=None, status=200):
    survey = _survey(state)
    if form is None:
        form = SurveyAnswerForm(questions=queries.survey_questions(survey)) if survey else FeedbackForm()
    return render(request, "participation/handover.html", {
        "answered": state["answered"], "form": form, "survey": survey, "hand_back": hand_back or HandBackForm(),
    }, status=status)


def _end(request, state) -> None:
    request.session.pop(HANDOVER, None)


@require_http_methods(["GET", "POST"])
def handover(request):
    state = request.session.get(HANDOVER)
    if not state:
        return redirect("home")
    if request.method == "GET" or state["answered"]:
        return _page(request, state)
    case = access.get_handover_case(request, state["case"])
    if case is None:  # the case closed, or the worker's role ended, meanwhile: nothing can be kept
        state["answered"] = True
        request.session[HANDOVER] = state
        return _page(request, state)
    survey = _survey(state)
    if survey is not None:
        return _answer_survey(request, state, case, survey)
    form = FeedbackForm(request.POST)
    declined = "declined" in request.POST
    if declined or form.is_valid():
        try:
            actions.give_in_session(actor=request.user, case=case, answers={} if declined else form.answers(),
                                    anything_else="" if declined else form.cleaned_data["anything_else"],
                                    declined=declined, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            state["answered"] = True
            request.session[HANDOVER] = state
            return redirect("participation:handover")
    return _page(request, state, form=form, status=400)


def _answer_survey(request, state, case, survey):
    form = SurveyAnswerForm(request.POST, questions=queries.survey_questions(survey))
    if form.is_valid():
        try:
            actions.answer_named(actor=request.user, survey=survey, case=case, answers=form.answers(),
                                 way=ResponseWay.IN_SESSION, request=request)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # answered already, or the survey closed meanwhile
                state["answered"] = True
                request.session[HANDOVER] = state
                return redirect("participation:handover")
            add_errors(form, error)
        else:
            state["answered"] = True
            request.session[HANDOVER] = state
            return redirect("participation:handover")
    return _page(request, state, form=form, status=400)


@require_POST
def hand_back(request):
    state = request.session.get(HANDOVER)
    if not state:
        return redirect("home")
    form = HandBackForm(request.POST)
    if form.is_valid() and request.user.check_password(form.cleaned_data["password"]):
        case = access.get_handover_case(request, state["case"])
        _end(request, state)
        if case is None:
            return redirect("home")
        actions.record_handover(actor=request.user, case=case, started=False, request=request)
        if state.get("survey"):
            said = ("Thank you: the survey answers are saved." if state["answered"]
                    else "You are back: no answers were given.")
        else:
            said = "Thank you: the feedback is saved." if state["answered"] else "You are back: no feedback was given."
        messages.success(request, said)
        return redirect("participation:case", ref=case.uuid)
    state["attempts"] = state.get("attempts", 0) + 1
    if state["attempts"] >= MAX_ATTEMPTS:
        logout(request)
        return redirect("account_login")
    request.session[HANDOVER] = state
    if form.is_valid():
        form.add_error("password", "That password is not right")
    return _page(request, state, hand_back=form, status=400)
