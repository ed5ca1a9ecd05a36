"""Surveys of young people: building and opening one, answering anonymously by the open link or
on paper, answering by name on the case, the results for the service and for the programme, and
who may do what."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today
from hubspoke.participation import actions, queries
from hubspoke.participation.models import ResponseWay, SurveyAnswer, SurveyLink, SurveyResponse
from hubspoke.participation.views.survey_public import ANSWERED

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
ANSWERS = {"q1": "1", "q2": "4", "q3": "Groups are too far away."}


def survey_url(survey, name="survey", **kwargs):
    return reverse(f"participation:{name}", kwargs={"ref": survey.uuid, **kwargs})


def open_link(world, survey=None):
    survey = survey or world.yp_survey_a()
    return reverse("survey_answer", kwargs={"token": survey.links.get(service=world.service_a).token})


# --- Building --------------------------------------------------------------------------------


def test_a_manager_builds_previews_and_opens_a_survey(signed_in, world):
    client = signed_in("manager_a")
    response = client.post(reverse("participation:survey_new"), {
        "title": "Your say", "introduction": "The team reads this to plan groups.", "kind": "anonymous",
        "opens_on_day": "1", "opens_on_month": "1", "opens_on_year": "2026", "closes_on_day": "1",
        "closes_on_month": "3", "closes_on_year": "2030"})
    assert response.status_code == 302
    survey = queries.surveys_for(world.manager_a)[0][0]
    assert (survey.title, survey.service, survey.opened_at) == ("Your say", world.service_a, None)
    # A choice question without answers to choose from is refused, with what was typed kept.
    bad = client.post(survey_url(survey, "survey_question_new"), {"kind": "choice", "text": "Which day suits?"})
    assert bad.status_code == 400 and "Give at least two answers to choose from" in bad.content.decode()
    assert 'value="Which day suits?"' in bad.content.decode()
    for kind, text, choices in (("choice", "Which day suits?", "Monday\nFriday"), ("scale", "Is it helping?", ""),
                                ("text", "What would make it better?", "")):
        assert client.post(survey_url(survey, "survey_question_new"),
                           {"kind": kind, "text": text, "choices": choices}).status_code == 302
    questions = queries.survey_questions(survey)
    assert [(q.position, q.kind, q.choices) for q in questions] == [
        (1, "choice", ["Monday", "Friday"]), (2, "scale", []), (3, "text", [])]
    # Move the last up, remove the first: the places close up.
    client.post(survey_url(survey, "survey_question_change", question_ref=questions[2].uuid), {"do": "up"})
    client.post(survey_url(survey, "survey_question_change", question_ref=questions[0].uuid), {"do": "remove"})
    assert [(q.position, q.text) for q in queries.survey_questions(survey)] == [
        (1, "What would make it better?"), (2, "Is it helping?")]
    preview = client.get(survey_url(survey, "survey_preview"))
    assert preview.status_code == 200 and "Nothing you choose here is saved" in preview.content.decode()
    assert "<button" not in preview.content.decode().split("Nothing you choose")[1].split("</form>")[0]
    assert client.post(survey_url(survey, "survey_status"), {"do": "open"}).status_code == 302
    survey.refresh_from_db()
    assert survey.opened_at is not None and SurveyLink.objects.filter(survey=survey).count() == 1
    page = client.get(survey_url(survey)).content.decode()
    assert "Hand it out" in page and "<svg" in page and "Move up" not in page


def test_an_open_surveys_questions_do_not_change_on_any_path(world):
    survey = world.yp_survey_a()
    question = survey.questions.first()
    for change in (
        lambda: actions.save_question(actor=world.manager_a, survey=survey, kind="text", text="New?", choices=[]),
        lambda: actions.save_question(actor=world.manager_a, survey=survey, kind="text", text="Changed?",
                                      choices=[], question=question),
        lambda: actions.remove_question(actor=world.manager_a, survey=survey, question=question),
        lambda: actions.move_question(actor=world.manager_a, survey=survey, question=question, up=False),
    ):
        with pytest.raises(ValidationError, match="its questions can no longer change"):
            change()
    assert [q.text for q in queries.survey_questions(survey)] == [
        "Have you been to a group?", "Do you get a say?", "Anything else?"]


def test_only_its_builders_change_a_survey(world):
    survey = world.yp_survey_draft_a()
    for person in (world.worker_a, world.hub_worker_a, world.outsider, world.programme_lead):
        with pytest.raises(PermissionDenied):
            actions.save_question(actor=person, survey=survey, kind="text", text="Mine?", choices=[])
        with pytest.raises(PermissionDenied):
            actions.open_survey(actor=person, survey=survey)


def test_a_programme_survey_is_anonymous_and_each_service_has_its_own_link(world):
    with pytest.raises(ValidationError, match="programme survey is anonymous"):
        actions.create_survey(actor=world.programme_lead, programme=world.programme, title="Named?",
                              introduction="Why.", kind="named", opens_on=today(), closes_on=today())
    with pytest.raises(PermissionDenied):
        actions.create_survey(actor=world.manager_a, programme=world.programme, title="Mine", introduction="Why.",
                              kind="anonymous", opens_on=None, closes_on=None)
    survey = world.programme_survey()
    assert set(survey.links.values_list("service_id", flat=True)) == {world.service_a.pk, world.service_b.pk}
    # Each service's staff see their own service's link only.
    rights = queries.access.survey_rights(world.outsider, survey)
    assert rights.use_service_ids == {world.service_b.pk} and not rights.build and not rights.programme_results


# --- Anonymous answers -------------------------------------------------------------------


def test_an_anonymous_answer_keeps_nothing_that_leads_to_a_young_person(world):
    client = Client()
    url = open_link(world)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "North" not in text and "Hubspoke" not in text and "Exit this page" in text
    assert "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "same-origin"
    # Everything the page loads is from this site.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//(?!www\.bbc\.co\.uk/weather)', text)
    before = AuditEvent.objects.count()
    assert client.post(url, ANSWERS).status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.case_id, response.way, response.service_id) == (None, ResponseWay.ONLINE, world.service_a.pk)
    field_names = {f.name for f in SurveyResponse._meta.concrete_fields}
    assert field_names == {"id", "uuid", "survey", "service", "case", "way", "received_on"}
    assert sorted((a.question.position, a.choice, a.point, a.text) for a in SurveyAnswer.objects.all()) == [
        (1, 1, None, ""), (2, None, 4, ""), (3, None, None, "Groups are too far away.")]
    # No audit row: it would hold the request's address and time.
    assert AuditEvent.objects.count() == before
    # The browser answers once: the page thanks it again, and nothing more is stored.
    again = client.get(url)
    assert again.status_code == 200 and "Your answers are sent" in again.content.decode()
    client.post(url, ANSWERS)
    assert SurveyResponse.objects.count() == 1 and client.session[ANSWERED] == [str(world.yp_survey_a().uuid)]


def test_an_empty_answer_asks_for_one_and_a_closed_survey_takes_none(world):
    client = Client()
    url = open_link(world)
    empty = client.post(url, {"q3": "   "})
    assert empty.status_code == 400 and "Answer at least one question" in empty.content.decode()
    long = client.post(url, {"q3": "x" * 2001, "q1": "0"})
    assert long.status_code == 400 and "2000 characters or fewer" in long.content.decode()
    actions.close_survey(actor=world.manager_a, survey=world.yp_survey_a())
    for response in (client.get(url), client.post(url, ANSWERS), Client().get("/s/not-a-token/")):
        assert response.status_code == 404 and "This survey is not open" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError, match="not taking answers"):
        actions.answer_survey_online(link=world.yp_survey_link_a(), answers={1: 0})


def test_a_paper_answer_is_typed_in_and_marked_so(signed_in, world):
    client = signed_in("worker_a")
    url = survey_url(world.yp_survey_a(), "survey_type_in", service_ref=world.service_a.uuid)
    assert client.post(url, {"q2": "5"}).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.typed_in and response.case_id is None
    event = AuditEvent.objects.get(action="participation.survey.paper_typed_in")
    assert event.subject_ref == str(world.yp_survey_a().uuid) and str(response.uuid) not in str(event.detail)
    # Another service's staff cannot type answers in as North Hub's.
    with pytest.raises(PermissionDenied):
        actions.type_in_paper(actor=world.outsider, survey=world.yp_survey_a(), service=world.service_a,
                              answers={2: 3})
    paper = client.get(survey_url(world.yp_survey_a(), "survey_paper", service_ref=world.service_a.uuid))
    assert paper.status_code == 200 and "Please do not write your name" in paper.content.decode()
    assert world.yp_survey_link_a().token in paper.content.decode()


def test_the_paper_copy_is_a_pdf_too(signed_in, world):
    from hubspoke.lib import pdf

    if not pdf.available()[0]:
        pytest.skip(pdf.available()[1])
    client = signed_in("manager_a")
    response = client.get(survey_url(world.yp_survey_a(), "survey_paper", service_ref=world.service_a.uuid)
                          + "?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- Named answers on the case -------------------------------------------------------------


def test_a_named_survey_is_answered_on_the_workers_device_and_kept_on_the_case(signed_in, world):
    world.worker_a.set_password(PASSWORD)
    world.worker_a.save()
    client = signed_in("worker_a")
    case, survey = world.case_a(), world.named_survey_a()
    page = client.get(reverse("participation:case", kwargs={"ref": case.uuid})).content.decode()
    assert "Hand your device over for the survey" in page
    start = reverse("participation:start_survey_handover", kwargs={"ref": case.uuid, "survey_ref": survey.uuid})
    assert client.post(start, {"hand_over": "yes"})["Location"] == reverse("participation:handover")
    handover = client.get(reverse("participation:handover")).content.decode()
    assert "Having your say" in handover and "Casey" not in handover
    # The record stays hidden until the worker's password.
    assert client.get(reverse("cases:detail", kwargs={"ref": case.uuid})).status_code == 303
    assert client.post(reverse("participation:handover"), ANSWERS).status_code == 302
    assert client.post(reverse("participation:hand_back"), {"password": "wrong"}).status_code == 400
    assert client.get(reverse("cases:detail", kwargs={"ref": case.uuid})).status_code == 303
    back = client.post(reverse("participation:hand_back"), {"password": PASSWORD})
    assert back["Location"] == reverse("participation:case", kwargs={"ref": case.uuid})
    response = SurveyResponse.objects.get()
    assert (response.case, response.way) == (case, ResponseWay.IN_SESSION)
    assert AuditEvent.objects.filter(action="participation.survey.answered", subject_ref=str(case.uuid)).exists()
    page = client.get(reverse("participation:case", kwargs={"ref": case.uuid})).content.decode()
    assert "Groups are too far away." in page and "Hand your device over for the survey" not in page
    # Once per survey, whichever way.
    with pytest.raises(ValidationError, match="already answered"):
        actions.answer_named(actor=world.worker_a, survey=survey, case=case, answers={2: 3}, way=ResponseWay.PAPER)
    assert client.get(reverse("participation:case_survey", kwargs={"ref": case.uuid, "survey_ref": survey.uuid})
                      ).status_code == 404


def test_named_answers_need_the_cases_recorder_and_a_named_survey(world):
    case = world.case_a()
    with pytest.raises(PermissionDenied):
        actions.answer_named(actor=world.hub_worker_a, survey=world.named_survey_a(), case=case, answers={2: 3},
                             way=ResponseWay.PAPER)
    with pytest.raises(ValidationError, match="not one this young person's service asks by name"):
        actions.answer_named(actor=world.worker_a, survey=world.yp_survey_a(), case=case, answers={2: 3},
                             way=ResponseWay.PAPER)
    # The open link never takes a named answer: the database refuses a case on an online answer.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=world.yp_survey_a(), service=world.service_a, case=case,
                                      way=ResponseWay.ONLINE, received_on=case.opened_at.date())


def test_named_answers_are_in_a_subject_access_request_and_erased_with_the_record(world):
    from hubspoke.participation import erasure, personal_data

    case = world.case_a()
    actions.answer_named(actor=world.worker_a, survey=world.named_survey_a(), case=case,
                         answers={1: 2, 3: "More evening sessions."}, way=ResponseWay.PAPER)
    parts = personal_data.gather(case.young_person)
    entry = next(e for e in parts[0].entries if e.kind == "participation.survey")
    assert [(f.label, f.text) for f in entry.fields] == [
        ("Have you been to a group?", "Not sure"), ("Anything else?", "More evening sessions."),
        ("How", "On paper, typed in by a worker")]
    assert erasure.erase(case.young_person) == {"their answers to named surveys": 1}
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()


# --- Results -------------------------------------------------------------------------------


def answer_many(world, survey, service, n, answers):
    link = survey.links.get(service=service)
    for _ in range(n):
        actions.answer_survey_online(link=link, answers=answers)


def test_the_service_sees_its_answers_exactly_with_their_words(signed_in, world):
    survey = world.yp_survey_a()
    answer_many(world, survey, world.service_a, 3, {1: 0, 2: 5, 3: "More groups after school."})
    page = signed_in("manager_a").get(survey_url(survey, "survey_results"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "More groups after school." in text and "exactly as given" in text
    found = queries.survey_results(survey, service_ids={world.service_a.pk})
    assert found.responses == 3 and [r["n"] for r in found.questions[0].rows] == [3, 0, 0]
    # Its workers may hand it out but not read the results.
    assert signed_in("worker_a").get(survey_url(survey, "survey_results")).status_code == 403


def test_the_programme_sees_a_programme_surveys_answers_controlled_and_no_words(signed_in, world):
    survey = world.programme_survey()
    answer_many(world, survey, world.service_a, 12, {1: 0, 2: 4, 3: "Name the bus stop near the park."})
    answer_many(world, survey, world.service_b, 3, {1: 1, 2: 2})
    answer_many(world, survey, world.service_b, 4, {1: 2})
    for persona in ("programme_lead", "evaluator"):
        page = signed_in(persona).get(survey_url(survey, "survey_results"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "bus stop" not in text and "stay with each service" in text
    found = queries.survey_results(survey, service_ids=None, rule=queries.disclosure.Rule())
    assert found.controlled and found.responses == 20  # 19, rounded
    # 12, 3 and 4 for the answers to "Have you been to a group?": 10 (rounded), then two hidden.
    assert [r["n"] for r in found.questions[0].rows] == [10, "c", "c", 0]  # the last: left it out
    assert all(not q.texts for q in found.questions)
    # A service's manager sees their own service's answers of the programme survey, exactly.
    own = signed_in("outsider").get(survey_url(survey, "survey_results"))
    assert own.status_code == 200
    assert queries.survey_results(survey, service_ids={world.service_b.pk}).responses == 7
    assert "bus stop" not in own.content.decode()


def test_the_survey_pages_keep_a_flat_number_of_queries(signed_in, world):
    manager = signed_in("manager_a")
    survey = world.yp_survey_a()
    programme = world.programme_survey()

    def grow():
        answer_many(world, survey, world.service_a, 5, {1: 2, 2: 3, 3: "Fine."})
        answer_many(world, programme, world.service_b, 5, {1: 2, 2: 3, 3: "Fine."})
        world._young_people_survey("another", service=world.service_a)

    lead = signed_in("programme_lead")
    assert_flat_queries(lambda: manager.get(survey_url(survey, "survey_results")), grow)
    assert_flat_queries(lambda: lead.get(survey_url(programme, "survey_results")), grow)
    assert_flat_queries(lambda: manager.get(reverse("participation:surveys")), grow)
    assert_flat_queries(lambda: manager.get(survey_url(survey)), grow)


def test_the_chronology_shows_a_named_survey_answered(signed_in, world):
    case = world.case_a()
    actions.answer_named(actor=world.worker_a, survey=world.named_survey_a(), case=case, answers={2: 4},
                         way=ResponseWay.IN_SESSION)
    page = signed_in("worker_a").get(reverse("cases:chronology", kwargs={"ref": case.uuid}))
    assert page.status_code == 200
    assert "Survey answered: Having your say" in page.content.decode()


def test_another_services_link_or_a_wrong_question_is_an_audited_404(signed_in, world):
    import uuid

    programme = world.programme_survey()
    worker = signed_in("worker_a")
    # North Hub's worker hands out North Hub's link only: South Hub's paper copy is not found.
    url = survey_url(programme, "survey_paper", service_ref=world.service_b.uuid)
    assert worker.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(world.service_b.uuid)).exists()
    assert worker.get(survey_url(programme, "survey_paper", service_ref=world.service_a.uuid)).status_code == 200
    manager = signed_in("manager_a")
    draft = world.yp_survey_draft_a()
    missing = uuid.uuid4()
    assert manager.get(survey_url(draft, "survey_question", question_ref=missing)).status_code == 404
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(missing)).exists()
