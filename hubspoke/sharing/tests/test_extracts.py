"""The extract writers the apps that hold each kind of information register: what each writes,
in plain words, in a fixed number of queries however much is recorded."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hubspoke.assessments import actions as assessments
from hubspoke.assessments.models import Assessment
from hubspoke.cases import actions as cases
from hubspoke.lib.dates import today
from hubspoke.sharing.actions import write_extract
from hubspoke.sharing.categories import Category, extract_writer

ALL_NO = {
    "missing-overnight": "no", "missing-often": "no", "older-partner": "no", "gifts": "no",
    "disclosed-abuse": "no", "exploited-friends": "no", "trusted-adult": "yes",
}


def queries_of(writer, person, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        text = writer(person, **kwargs)
    return text, len(captured.captured_queries)


def complete(world, answers):
    """Complete the world's draft the first time, a new assessment after that."""
    draft = world.assessment_a()
    if draft.status != "draft":
        draft = assessments.start_assessment(actor=world.worker_a, tool=draft.tool,
                                             young_person=world.case_a().young_person)
    Assessment.objects.filter(pk=draft.pk).update(answers={
        k: {"answer": v, "window": "", "note": ""} for k, v in answers.items()})
    done = assessments.complete_assessment(actor=world.worker_a, assessment=Assessment.objects.get(pk=draft.pk),
                                           assessed_on=today(), young_persons_view="Fine.")
    world.made["assessment_a"] = done
    return done


def test_every_category_but_health_has_a_writer():
    missing = [c for c in Category.values if extract_writer(c) is None]
    assert missing == ["health"]


def test_the_risk_extract_is_the_latest_completed_assessment(world):
    person = world.case_a().young_person
    writer = extract_writer(Category.RISK)
    text, _ = queries_of(writer, person)
    assert text == "No assessment has been completed."
    complete(world, ALL_NO)
    text, few = queries_of(writer, person)
    assert text.startswith("Risk level: Low (level 1 of 3)\nAssessed with Test tool on ")
    assert "Next review:" in text
    complete(world, {**ALL_NO, "disclosed-abuse": "yes"})
    text, many = queries_of(writer, person)
    assert text.startswith("Risk level: High (level 3 of 3)")
    assert "waiting for a manager's countersignature" in text
    assert f"Next review: {(today() + dt.timedelta(weeks=4)).day} " in text
    assert few == many == 1


def test_the_plan_extract_is_the_goals_being_worked_on_and_their_open_actions(world):
    person = world.case_a().young_person
    writer = extract_writer(Category.PLAN)
    assert queries_of(writer, person)[0] == "No goals are being worked on."
    world.goal_a()
    text, few = queries_of(writer, person)
    assert "Goal (reducing risk): Feel safe getting home from college." in text
    assert "Action: Plan a safe route home (Casey and her worker, by " in text
    done = cases.add_goal(actor=world.worker_a, case=world.case_a(), element="engagement", goal="Meet weekly.")
    step = cases.add_action(actor=world.worker_a, goal=done, action="Agree a place", who="Casey", due_on=today())
    cases.set_action_status(actor=world.worker_a, plan_action=step, status="done")
    for n in range(3):
        goal = cases.add_goal(actor=world.worker_a, case=world.case_a(), element="growth", goal=f"Growth goal {n}.")
        cases.add_action(actor=world.worker_a, goal=goal, action=f"Step {n}", who="Worker", due_on=today())
    text, many = queries_of(writer, person)
    assert "Growth goal 2." in text and "Agree a place" not in text
    assert few == many == 3


def test_the_missing_extract_gives_dates_and_whether_reported_never_the_restricted_details(world):
    person = world.case_a().young_person
    writer = extract_writer(Category.MISSING)
    assert queries_of(writer, person)[0] == "No missing episodes are recorded."
    world.missing_a()
    text, few = queries_of(writer, person)
    assert text.startswith(f"Missing from {today().day} ") and "still missing; reported to the police." in text
    assert "silver car" not in text and "takeaway" not in text
    cases.record_missing_episode(actor=world.worker_a, case=world.case_a(), fields={
        "started_at": timezone.now() - dt.timedelta(days=10), "ended_at": timezone.now() - dt.timedelta(days=9),
        "reported_to_police": False, "return_interview": "not_yet"})
    text, many = queries_of(writer, person)
    assert "came back" in text and "not reported to the police" in text
    assert few == many == 1


def test_restricted_notes_are_written_only_when_included(world):
    person = world.case_a().young_person
    writer = extract_writer(Category.RESTRICTED)
    world.contact_a()
    assert queries_of(writer, person) == ("", 0)
    text, count = queries_of(writer, person, include_restricted=True)
    assert "Talked about who she sees after school." in text and count == 1
    assert "Talked about who she sees" in write_extract(person, ["restricted"], include_restricted=True)
    assert "Nothing is recorded under this heading." in write_extract(person, ["restricted"])
