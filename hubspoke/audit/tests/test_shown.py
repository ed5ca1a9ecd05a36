"""Every answer that shows a young person's record writes an audit row, whatever the method:
a page shown again with its errors is a look at the record like any other."""

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent

# A failed form re-shows the record: (url name, kwargs, audit action, subject).
RESHOWN = [
    ("cases:meetings", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:missing", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:missing_episode", lambda w: {"ref": w.case_a().uuid, "episode": w.missing_a().uuid},
     "cases.missing.restricted_viewed", lambda w: w.case_a()),
    ("cases:outcomes", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:close", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:transfer", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:new_contact", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("cases:add_goal", lambda w: {"ref": w.case_a().uuid}, "cases.case.viewed", lambda w: w.case_a()),
    ("referrals:edit_young_person", lambda w: {"ref": w.case_a().young_person.uuid},
     "referrals.youngperson.viewed", lambda w: w.case_a().young_person),
    ("referrals:young_person_contact", lambda w: {"ref": w.case_a().young_person.uuid},
     "referrals.youngperson.contact_viewed", lambda w: w.case_a().young_person),
]


@pytest.mark.parametrize(("name", "kwargs", "action", "subject"), RESHOWN, ids=[r[0] for r in RESHOWN])
def test_a_page_shown_again_after_a_failed_form_is_audited(world, signed_in, name, kwargs, action, subject):
    url = reverse(name, kwargs=kwargs(world))
    client = signed_in("worker_a")
    response = client.post(url, {"email": "not an email"} if name.endswith("contact") else {})
    assert response.status_code == 400, response.status_code
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_ref=str(subject(world).uuid))
    assert [(r.action, r.actor) for r in rows] == [(action, world.worker_a)]


def test_the_first_showing_of_a_page_is_audited_once(world, signed_in):
    case = world.case_a()
    response = signed_in("worker_a").get(reverse("cases:meetings", kwargs={"ref": case.uuid}))
    assert response.status_code == 200
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_ref=str(case.uuid))
    assert list(rows.values_list("action", flat=True)) == ["cases.case.viewed"]


def test_a_change_that_redirects_writes_its_own_row_and_no_look(world, signed_in):
    case = world.case_a()
    response = signed_in("worker_a").post(reverse("cases:add_goal", kwargs={"ref": case.uuid}),
                                          {"goal-element": "engagement", "goal-goal": "Meet every week at the youth club"})
    assert response.status_code == 302
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_ref=str(case.uuid))
    assert list(rows.values_list("action", flat=True)) == ["cases.plan.goal_added"]


def test_a_change_shown_in_the_same_answer_is_not_also_written_as_a_look(world, signed_in):
    """Saving an assessment's answers as the worker goes (htmx) answers 200: the saved row is
    enough."""
    assessment = world.assessment_a()
    tool = assessment.tool.definition
    first = tool["sections"][0]
    indicator = first["indicators"][0]
    answer = tool["answer_sets"][indicator["answers"]][0]["value"]
    response = signed_in("worker_a").post(
        reverse("assessments:section", kwargs={"ref": assessment.uuid, "number": 1}),
        {f"{indicator['id']}-answer": answer}, HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_ref=str(assessment.uuid))
    assert list(rows.values_list("action", flat=True)) == ["assessments.assessment.saved"]


def test_a_denied_record_is_audited_as_a_denial_only(world, signed_in):
    case = world.case_a()
    response = signed_in("outsider").post(reverse("cases:meetings", kwargs={"ref": case.uuid}), {})
    assert response.status_code == 404
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"])
    assert list(rows.values_list("action", flat=True)) == ["audit.access.denied"]
