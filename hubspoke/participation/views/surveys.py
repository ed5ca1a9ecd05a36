"""Surveys of young people: the list, building one (its words, dates and questions), its
preview, opening and closing it, handing it out (each service's link, QR code and paper copy),
typing paper answers in, and the results."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.lib import disclosure, pdf, qr
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.lib.links import absolute_url
from hubspoke.network.models import Service
from hubspoke.participation import access, actions, queries
from hubspoke.participation.forms import CloseOnForm, QuestionForm, SurveyAnswerForm, SurveyForm
from hubspoke.participation.models import SURVEY_QUESTIONS_MAX, ResponseWay

PAPER_CSS = Path(__file__).resolve().parents[1] / "static" / "participation" / "paper.css"
STATUS_LABELS = {"draft": "Draft", "scheduled": "Opens soon", "open": "Open", "closed": "Closed"}
STATUS_TAGS = {"draft": "govuk-tag--grey", "scheduled": "govuk-tag--blue", "open": "govuk-tag--green",
               "closed": "govuk-tag--grey"}


def _status(survey) -> dict:
    status = survey.status_on(today())
    return {"key": status, "label": STATUS_LABELS[status], "tag": STATUS_TAGS[status]}


@require_GET
def survey_list(request):
    access.require_survey_reader(request)
    found = queries.surveys_for(request.user)
    return render(request, "participation/surveys/list.html", {
        "surveys": [{"survey": s, "rights": r, "status": _status(s)} for s, r in found],
        "may_start": access.may_start_survey(request.user),
    })


def _survey_fields(form) -> dict:
    d = form.cleaned_data
    return {"title": d.get("title", ""), "introduction": d.get("introduction", ""), "kind": d.get("kind", ""),
            "opens_on": d.get("opens_on"), "closes_on": d.get("closes_on")}


@require_http_methods(["GET", "POST"])
def new_survey(request):
    places = access.survey_places(request.user)
    if not places:
        access.deny_survey_builder(request)
    form = SurveyForm(request.POST if request.method == "POST" else None, places=places,
                      initial={"kind": "anonymous", "opens_on": today()})
    if request.method == "POST" and form.is_valid():
        place = form.chosen_place()
        service = place if isinstance(place, Service) else None
        programme = service.programme if service is not None else place
        try:
            survey = actions.create_survey(actor=request.user, programme=programme, service=service,
                                           request=request, **_survey_fields(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The survey is saved as a draft. Now add its questions.")
            return redirect("participation:survey", ref=survey.uuid)
    return render(request, "participation/surveys/edit.html", {"form": form, "survey": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit_survey(request, ref):
    survey, rights = access.get_survey(request, ref, to="build")
    if survey.opened_at is not None:
        form = CloseOnForm(request.POST if request.method == "POST" else None, initial={"closes_on": survey.closes_on})
    else:
        form = SurveyForm(request.POST if request.method == "POST" else None, places=[], editing=True,
                          initial={"title": survey.title, "introduction": survey.introduction, "kind": survey.kind,
                                   "opens_on": survey.opens_on, "closes_on": survey.closes_on})
        if survey.is_programme:
            form.fields["kind"].choices = [c for c in form.fields["kind"].choices if c[0] == "anonymous"]
    if request.method == "POST" and form.is_valid():
        fields = ({"title": survey.title, "introduction": survey.introduction, "kind": survey.kind,
                   "opens_on": survey.opens_on, "closes_on": form.cleaned_data["closes_on"]}
                  if survey.opened_at is not None else _survey_fields(form))
        try:
            actions.update_survey(actor=request.user, survey=survey, request=request, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("participation:survey", ref=survey.uuid)
    return render(request, "participation/surveys/edit.html", {"form": form, "survey": survey},
                  status=400 if form.errors else 200)


@require_GET
def survey(request, ref):
    survey, rights = access.get_survey(request, ref)
    status = _status(survey)
    links = []
    if rights.use_service_ids and survey.kind == "anonymous" and status["key"] in ("open", "scheduled"):
        for link in queries.links_of(survey, rights.use_service_ids):
            url = absolute_url(reverse("survey_answer", kwargs={"token": link.token}), request=request)
            links.append({"link": link, "url": url,
                          "qr": qr.svg(url, label=f"QR code of {link.service.name}'s link to the survey")})
    questions = queries.survey_questions(survey)
    return render(request, "participation/surveys/survey.html", {
        "survey": survey, "rights": rights, "status": status, "questions": questions, "links": links,
        "may_add": rights.build and survey.opened_at is None and len(questions) < SURVEY_QUESTIONS_MAX,
        "may_see_results": rights.build or rights.result_service_ids or rights.programme_results,
    })


@require_GET
def preview(request, ref):
    survey, _ = access.get_survey(request, ref)
    form = SurveyAnswerForm(questions=queries.survey_questions(survey))
    return render(request, "participation/public/survey.html", {"survey": survey, "form": form, "preview": True})


@require_http_methods(["GET", "POST"])
def question(request, ref, question_ref=None):
    survey, _ = access.get_survey(request, ref, to="build")
    existing = access.get_survey_question(request, survey, question_ref) if question_ref else None
    initial = ({"kind": existing.kind, "text": existing.text, "choices": "\n".join(existing.choices)}
               if existing else {"kind": "scale"})
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_question(actor=request.user, survey=survey, kind=form.cleaned_data["kind"],
                                  text=form.cleaned_data["text"], choices=form.choice_list(), question=existing,
                                  request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The question is saved.")
            return redirect("participation:survey", ref=survey.uuid)
    return render(request, "participation/surveys/question.html", {"survey": survey, "form": form,
                                                                    "question": existing},
                  status=400 if form.errors else 200)


@require_POST
def change_question(request, ref, question_ref):
    """Remove a question, or move it up or down (the button's own value says which)."""
    survey, _ = access.get_survey(request, ref, to="build")
    existing = access.get_survey_question(request, survey, question_ref)
    what = request.POST.get("do")
    try:
        if what == "remove":
            actions.remove_question(actor=request.user, survey=survey, question=existing, request=request)
            messages.success(request, "The question is removed.")
        elif what in ("up", "down"):
            actions.move_question(actor=request.user, survey=survey, question=existing, up=what == "up",
                                  request=request)
        else:
            messages.error(request, "Nothing was changed: use the buttons on this page.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("participation:survey", ref=survey.uuid)


@require_POST
def open_or_close(request, ref):
    survey, _ = access.get_survey(request, ref, to="build")
    what = request.POST.get("do")
    try:
        if what == "open":
            actions.open_survey(actor=request.user, survey=survey, request=request)
            messages.success(request, "The survey is open: its questions are fixed now.")
        elif what == "close":
            actions.close_survey(actor=request.user, survey=survey, request=request)
            messages.success(request, "The survey is closed: it takes no more answers.")
        else:
            messages.error(request, "Nothing was changed: use the buttons on this page.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("participation:survey", ref=survey.uuid)


def _paper_html(request, survey, link, *, for_pdf: bool) -> str:
    url = absolute_url(reverse("survey_answer", kwargs={"token": link.token}), request=request)
    return render_to_string("participation/surveys/paper.html", {
        "survey": survey, "questions": queries.survey_questions(survey), "url": url,
        "qr": qr.svg(url, label="QR code of the survey's link"),
        "for_pdf": for_pdf, "scale": SurveyAnswerForm.scale, "css": PAPER_CSS.read_text() if for_pdf else "",
    }, request=None if for_pdf else request)


@require_GET
def paper(request, ref, service_ref):
    """The printable paper copy of an anonymous survey, with the service's link and QR code; as a
    PDF with ``?format=pdf``."""
    survey, rights = access.get_survey(request, ref, to="use")
    link = access.get_survey_link(request, survey, rights, service_ref)
    if request.GET.get("format") == "pdf":
        ok, missing = pdf.available()
        if not ok:
            return HttpResponse(missing, status=503, content_type="text/plain; charset=utf-8")
        response = HttpResponse(pdf.render(_paper_html(request, survey, link, for_pdf=True)),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.uuid.hex[:8]}.pdf"'
        return response
    return HttpResponse(_paper_html(request, survey, link, for_pdf=False))


@require_http_methods(["GET", "POST"])
def type_in(request, ref, service_ref):
    """A worker types in one paper answer, as it is on the paper."""
    survey, rights = access.get_survey(request, ref, to="use")
    link = access.get_survey_link(request, survey, rights, service_ref)
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None,
                            questions=queries.survey_questions(survey))
    if request.method == "POST" and form.is_valid():
        try:
            actions.type_in_paper(actor=request.user, survey=survey, service=link.service, answers=form.answers(),
                                  request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The paper answers are saved, marked as typed in. You can type in the next "
                                      "one below.")
            return redirect("participation:survey_type_in", ref=survey.uuid, service_ref=link.service.uuid)
    return render(request, "participation/surveys/type_in.html", {"survey": survey, "form": form,
                                                                   "service": link.service},
                  status=400 if form.errors else 200)


@require_GET
def results(request, ref):
    """A service's managers: their own service's answers, exactly, with the words. The
    programme's leads and evaluators, for a programme survey: every service's answers
    together, each count after disclosure control, and no words."""
    survey, rights = access.get_survey(request, ref, to="results")
    programme_view = survey.is_programme and rights.programme_results and request.GET.get("view") != "service"
    if programme_view or not (rights.result_service_ids or survey.service_id):
        found = queries.survey_results(survey, service_ids=None, rule=disclosure.Rule())
    else:
        ids = rights.result_service_ids or {survey.service_id}
        found = queries.survey_results(survey, service_ids=ids)
    return render(request, "participation/surveys/results.html", {
        "survey": survey, "rights": rights, "status": _status(survey), "results": found,
        "ways": ResponseWay.choices, "texts_shown": queries.TEXTS_SHOWN,
        "both_views": survey.is_programme and rights.programme_results and bool(rights.result_service_ids),
        "programme_view": found.controlled,
    })
