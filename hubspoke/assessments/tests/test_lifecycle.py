import datetime as dt

import pytest
from django.urls import reverse

from hubspoke.assessments import actions
from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.assessments.tests.tool_examples import SMALL
from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today
from hubspoke.notifications.models import Notification
from hubspoke.referrals import actions as referral_actions

ALL_NO = {
    "a-missing-overnight": "no", "a-missing-often": "no", "a-older-partner": "no", "a-gifts": "no",
    "a-disclosed-abuse": "no", "a-exploited-friends": "no", "a-trusted-adult": "yes",
}
SECTION_1 = ("a-missing-overnight", "w-missing-overnight", "n-missing-overnight", "a-missing-often")


def url(name, assessment, **kw):
    return reverse(f"assessments:{name}", kwargs={"ref": assessment.uuid, **kw})


def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def answer(client, assessment, **answers):
    """Post both sections, each with its own fields."""
    data = {**ALL_NO, **answers}
    first = {k: v for k, v in data.items() if k in SECTION_1}
    second = {k: v for k, v in data.items() if k not in SECTION_1}
    assert client.post(url("section", assessment, number=1), {**first, "then": "next"}).status_code == 302
    assert client.post(url("section", assessment, number=2), {**second, "then": "next"}).status_code == 302


def complete(client, assessment, **overrides):
    data = {**date_fields("assessed_on", today()), "judgement": "agree",
            "young_persons_view": "I just want it to stop.", **overrides}
    return client.post(url("check", assessment), data)


@pytest.fixture
def draft(world):
    return world.assessment_a()


def test_a_worker_starts_answers_and_completes_an_assessment(signed_in, world):
    client = signed_in("worker_a")
    person = world.case_a().young_person
    tool, _ = actions.import_tool(source=SMALL)
    response = client.post(reverse("assessments:start", kwargs={"ref": person.uuid}), {"tool": str(tool.uuid)})
    assessment = Assessment.objects.get()
    assert response["Location"] == url("section", assessment, number=1)
    page = client.get(url("section", assessment, number=1)).content.decode()
    assert "Going missing" in page and "Part 1 of 2" in page and "When did it last happen?" in page
    answer(client, assessment, **{"a-missing-overnight": "yes", "w-missing-overnight": "recent",
                                  "n-missing-overnight": "Reported by carer twice."})
    assessment.refresh_from_db()
    assert assessment.answers["missing-overnight"] == {"answer": "yes", "window": "recent",
                                                       "note": "Reported by carer twice."}
    check = client.get(url("check", assessment)).content.decode()
    assert "Computed level: Medium" in check and "Missing overnight: yes, in the last three months" in check
    assert "Has a trusted adult" in check  # strengths are shown, apart
    assert 'value="going_missing" checked' in check  # models of CSE suggested from the answers
    response = complete(client, assessment, models_of_cse=["going_missing"])
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level, assessment.computed_level) == ("completed", "medium", "medium")
    assert assessment.next_review_on == today() + dt.timedelta(weeks=8)
    assert assessment.age_at_assessment is not None and not assessment.needs_countersignature
    assert assessment.models_of_cse == ["going_missing"]
    detail = client.get(url("detail", assessment)).content.decode()
    assert "I just want it to stop." in detail and "Agrees with the computed level" in detail
    actions_logged = set(AuditEvent.objects.filter(subject_ref=str(assessment.uuid)).values_list("action", flat=True))
    assert {"assessments.assessment.started", "assessments.assessment.saved", "assessments.assessment.completed",
            "assessments.assessment.viewed"} <= actions_logged


def test_saving_as_you_go_answers_htmx_with_a_status(signed_in, world, draft):
    response = signed_in("worker_a").post(url("section", draft, number=1), {"a-missing-often": "possible"},
                                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content.decode().startswith("Saved at")
    draft.refresh_from_db()
    assert draft.answers == {"missing-often": {"answer": "possible", "window": "", "note": ""}}


def test_a_forged_answer_is_refused_and_nothing_saved(signed_in, world, draft):
    response = signed_in("worker_a").post(url("section", draft, number=1), {"a-missing-often": "definitely"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}


def test_completing_needs_every_answer_a_voice_and_a_reason_for_a_different_judgement(signed_in, world, draft):
    client = signed_in("worker_a")
    client.post(url("section", draft, number=1), {"a-missing-often": "no", "then": "later"})
    response = complete(client, draft)
    assert response.status_code == 400 and "question(s) have no answer" in response.content.decode()
    answer(client, draft)
    response = complete(client, draft, young_persons_view="", judgement="high")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Explain why your judgement differs" in page and "Record the young person&#x27;s view" in page
    response = complete(client, draft, judgement="high", judgement_rationale="Seen with a known adult last night.",
                        young_persons_view="", view_not_obtained_reason="Missing at the time of the assessment.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.computed_level, draft.judgement_level, draft.level) == ("low", "high", "high")
    assert draft.needs_countersignature and draft.next_review_on == today() + dt.timedelta(weeks=4)


def test_high_levels_need_a_managers_countersignature_and_not_their_own(signed_in, world, draft):
    client = signed_in("worker_a")
    answer(client, draft, **{"a-disclosed-abuse": "yes"})
    assert complete(client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.level == "high" and draft.needs_countersignature
    note = Notification.objects.get(recipient=world.manager_a, kind="assessments.countersign")
    assert note.subject_ref == str(draft.uuid)
    assert client.post(url("countersign", draft)).status_code == 403
    manager = signed_in("manager_a")
    assert "Countersign this assessment" in manager.get(url("detail", draft)).content.decode()
    assert manager.post(url("countersign", draft)).status_code == 302
    draft.refresh_from_db()
    assert draft.countersigned_by == world.manager_a
    assert manager.post(url("countersign", draft)).status_code == 403  # once only


def test_a_new_tool_version_never_changes_a_completed_assessment(signed_in, world, draft):
    client = signed_in("worker_a")
    answer(client, draft, **{"a-gifts": "yes"})
    complete(client, draft)
    before = client.get(url("detail", draft)).content.decode()
    assert "Unexplained gifts" in before
    actions.import_tool(source=SMALL.replace("version: 1", "version: 2")
                        .replace("Unexplained gifts", "Gifts nobody can explain")
                        .replace("{id: high, label: High", "{id: high, label: Very high"))
    after = client.get(url("detail", draft)).content.decode()
    assert "Unexplained gifts" in after and "Gifts nobody can explain" not in after
    assert "version 1" in after


def test_a_review_starts_from_the_last_answers_and_marks_what_changed(signed_in, world, draft):
    client = signed_in("worker_a")
    answer(client, draft)
    complete(client, draft)
    draft.refresh_from_db()
    response = client.post(url("review", draft))
    review = Assessment.objects.get(review_of=draft)
    assert response["Location"] == url("section", review, number=1)
    assert review.answers == draft.answers
    client.post(url("section", review, number=1), {"a-missing-often": "yes", "a-missing-overnight": "no",
                                                  "then": "next"})
    page = client.get(url("section", review, number=1)).content.decode()
    assert "Changed" in page and "Last time: No" in page
    complete(client, review)
    review.refresh_from_db()
    assert review.status == AssessmentStatus.COMPLETED and review.level == "high"
    page = client.get(reverse("assessments:young_person", kwargs={"ref": review.young_person.uuid})).content
    assert b"Levels over time" in page and b"<svg" in page and b"(judgement)" not in page


def test_a_referral_is_screened_before_triage_and_the_screening_follows_the_young_person(signed_in, world):
    tool, _ = actions.import_tool(source=SMALL)
    client = signed_in("hub_worker_a")
    response = client.post(reverse("assessments:start_for_referral", kwargs={"ref": world.referral_a.uuid}),
                           {"tool": str(tool.uuid)})
    screening = Assessment.objects.get()
    assert response.status_code == 302 and screening.young_person is None and screening.spoke is None
    answer(client, screening, **{"a-missing-overnight": "yes"})
    assert complete(client, screening).status_code == 302
    screening.refresh_from_db()
    # The referrer said 2011-05-17: the age comes from the referral. Under 14, one medium concern is high.
    assert screening.age_at_assessment == today().year - 2011 - ((today().month, today().day) < (5, 17))
    assert "Screening for this referral" in client.get(
        reverse("referrals:detail", kwargs={"ref": world.referral_a.uuid})).content.decode()
    referral_actions.accept_referral(actor=world.manager_a, referral=world.referral_a)
    world.referral_a.refresh_from_db()
    manager = signed_in("manager_a")
    page = manager.get(
        reverse("assessments:young_person", kwargs={"ref": world.referral_a.young_person.uuid})).content.decode()
    assert "Test tool" in page
    # Linked now: a review of the screening belongs to the young person.
    assert manager.post(url("review", screening)).status_code == 302
    assert Assessment.objects.get(review_of=screening).young_person == world.referral_a.young_person


def test_other_services_and_other_places_cannot_see_it(signed_in, world, draft):
    for persona in ("outsider", "hub_worker_a", "partner_a", "evaluator"):
        client = signed_in(persona)
        assert client.get(url("section", draft, number=1)).status_code == 404
        assert client.post(url("section", draft, number=1), {"a-missing-often": "yes"}).status_code == 404
    draft.refresh_from_db()
    assert draft.answers == {}


def test_the_young_persons_assessments_page_is_flat(signed_in, world, draft):
    client = signed_in("worker_a")
    person = draft.young_person

    def grow():
        for _ in range(3):
            tool = draft.tool
            a = actions.start_assessment(actor=world.worker_a, tool=tool, young_person=person)
            a.answers = {k[2:]: {"answer": v, "window": "", "note": ""} for k, v in ALL_NO.items()}
            a.save()
            actions.complete_assessment(actor=world.worker_a, assessment=a, assessed_on=today(),
                                        young_persons_view="Fine.")

    grow()
    assert_flat_queries(lambda: client.get(reverse("assessments:young_person", kwargs={"ref": person.uuid})), grow)


def test_a_service_chooses_the_tools_it_offers(signed_in, world):
    small, _ = actions.import_tool(source=SMALL)
    other, _ = actions.import_tool(source=SMALL.replace("id: test-tool", "id: area-tool")
                                   .replace("title: Test tool", "title: Our area's tool"))
    url_ = reverse("assessments:service_tools", kwargs={"ref": world.service_a.uuid})
    manager = signed_in("manager_a")
    page = manager.get(url_).content.decode()
    assert 'value="test-tool" checked' in page and 'value="area-tool" checked' in page  # all, until chosen
    response = manager.post(url_, {})
    assert response.status_code == 400 and "Select at least one tool" in response.content.decode()
    assert manager.post(url_, {"tools": ["area-tool"]}).status_code == 302
    person = world.case_a().young_person
    page = signed_in("worker_a").get(reverse("assessments:young_person", kwargs={"ref": person.uuid})).content
    assert b"Our area&#x27;s tool" in page and b"Test tool" not in page
    # A worker cannot start with a tool the service does not offer.
    response = signed_in("worker_a").post(reverse("assessments:start", kwargs={"ref": person.uuid}),
                                          {"tool": str(small.uuid)})
    assert response.status_code == 302 and not Assessment.objects.exists()
    assert signed_in("hub_worker_a").post(url_, {"tools": ["test-tool"]}).status_code == 403
    assert AuditEvent.objects.filter(action="assessments.service_tools.chosen").count() == 1


def open_case(world, first_name):
    """Another case at spoke A1 led by worker A."""
    import uuid

    from hubspoke.cases.actions import allocate_referral
    from hubspoke.conftest import referral_details

    r = referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name=first_name, subject_last_name="Flat"))
    referral_actions.accept_referral(actor=world.manager_a, referral=r, spoke=world.spoke_a1)
    r.refresh_from_db()
    return allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)


def test_the_workers_draft_assessments_page_is_flat(signed_in, world, draft):
    client = signed_in("worker_a")
    names = iter(("Ash", "Bea", "Cal", "Dee", "Eli"))

    def grow():
        for _ in range(5):
            person = open_case(world, next(names)).young_person
            actions.start_assessment(actor=world.worker_a, tool=draft.tool, young_person=person)

    assert_flat_queries(lambda: client.get(reverse("assessments:mine")), grow)
    page = client.get(reverse("assessments:mine"))
    assert len(page.context["drafts"]) == 6 and "Eli Flat" in page.content.decode()


def test_the_countersignature_queue_is_flat(signed_in, world, draft):
    def complete_high(assessment):
        Assessment.objects.filter(pk=assessment.pk).update(answers={
            k[2:]: {"answer": v, "window": "", "note": ""} for k, v in {**ALL_NO, "a-disclosed-abuse": "yes"}.items()})
        return actions.complete_assessment(actor=world.worker_a, assessment=Assessment.objects.get(pk=assessment.pk),
                                           assessed_on=today(), young_persons_view="Fine.")

    complete_high(draft)
    client = signed_in("manager_a")
    names = iter(("Ash", "Bea", "Cal", "Dee", "Eli"))

    def grow():
        for _ in range(5):
            person = open_case(world, next(names)).young_person
            complete_high(actions.start_assessment(actor=world.worker_a, tool=draft.tool, young_person=person))

    assert_flat_queries(lambda: client.get(reverse("assessments:countersignatures")), grow)
    page = client.get(reverse("assessments:countersignatures"))
    assert len(page.context["waiting"]) == 6 and "Eli Flat" in page.content.decode()


def test_contributing_agencies_are_chosen_from_the_list_and_a_forged_one_is_refused(signed_in, world, draft):
    client = signed_in("worker_a")
    answer(client, draft)
    page = client.get(url("check", draft)).content.decode()
    assert f'value="{world.police_a.uuid}"' in page
    for forged in ("99999999999999999999", str(world.police_a.pk), "not-an-agency", str(world.csc_b.uuid)):
        response = complete(client, draft, agencies=[forged])
        assert response.status_code == 400, forged
        assert "There is a problem" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    assert complete(client, draft, agencies=[str(world.police_a.uuid)]).status_code == 302
    draft.refresh_from_db()
    assert list(draft.contributing_agencies.all()) == [world.police_a]
