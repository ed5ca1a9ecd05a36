"""A survey's open link (or its QR code), for anonymous answers. No account: the link's token
says only which service's answers these are. Nothing about who answered is kept; the browser's
session remembers only which surveys it has answered, so that one browser answers once, and the
page is private in the same ways as the feedback link's (``views.public``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.participation import actions, queries
from hubspoke.participation.forms import SurveyAnswerForm
from hubspoke.participation.views.public import _private

ANSWERED = "participation_surveys_answered"


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token):
    link = queries.survey_link_for_token(token)
    if link is None or link.survey.status_on(today()) != "open":
        return _private(render(request, "participation/public/survey_closed.html", status=404))
    survey = link.survey
    answered = request.session.get(ANSWERED, [])
    if str(survey.uuid) in answered:
        return _private(render(request, "participation/public/survey_thanks.html", {"survey": survey}))
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None,
                            questions=queries.survey_questions(survey))
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_survey_online(link=link, answers=form.answers())
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session[ANSWERED] = [*answered, str(survey.uuid)][-50:]
            return redirect("survey_answer", token=token)
    return _private(render(request, "participation/public/survey.html", {"survey": survey, "form": form},
                           status=400 if form.errors else 200))
