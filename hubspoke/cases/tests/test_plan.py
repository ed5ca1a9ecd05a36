import datetime as dt

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions
from hubspoke.cases.models import PlanAction, PlanGoal
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today


def url(name, case, **kw):
    return reverse(f"cases:{name}", kwargs={"ref": case.uuid, **kw})


def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def case(world):
    return world.case_a()


def test_a_worker_builds_a_plan_the_young_person_could_read(signed_in, world, case):
    client = signed_in("worker_a")
    response = client.post(url("add_goal", case), {"goal-element": "reducing_risk",
                                                   "goal-goal": "Feel safe getting home from college."})
    assert response.status_code == 302
    goal = PlanGoal.objects.get()
    prefix = f"action-{goal.uuid}"
    response = client.post(url("add_action", case, goal=goal.uuid), {
        f"{prefix}-action": "Plan a safe route home together", f"{prefix}-who": "Casey and her worker",
        **date_fields(f"{prefix}-due_on", today() + dt.timedelta(days=7))})
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert client.post(url("action_status", case, action=action.uuid), {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    prefix = f"update-{goal.uuid}"
    client.post(url("update_goal", case, goal=goal.uuid), {f"{prefix}-status": "working",
                                                           f"{prefix}-agreement": "agreed",
                                                           f"{prefix}-young_persons_comments": "Yeah, the bus."})
    client.post(url("plan_review", case), date_fields("plan_review_on", today() + dt.timedelta(days=28)))
    page = client.get(url("plan", case)).content.decode()
    assert "Reducing risk" in page and "Feel safe getting home from college." in page
    assert "Plan a safe route home together" in page and "Done" in page and "Yeah, the bus." in page
    assert page.index("Engagement and relationship building") < page.index("Reducing risk")
    case.refresh_from_db()
    assert case.plan_review_on == today() + dt.timedelta(days=28)
    logged = set(AuditEvent.objects.filter(subject_ref=str(case.uuid)).values_list("action", flat=True))
    assert {"cases.plan.goal_added", "cases.plan.action_added", "cases.plan.action_status",
            "cases.plan.goal_changed", "cases.plan.review_set"} <= logged
    assert not AuditEvent.objects.filter(detail__icontains="college").exists()  # never the words


def test_a_bad_action_keeps_what_was_typed_and_names_the_field(signed_in, world, case):
    goal = actions.add_goal(actor=world.worker_a, case=case, element="engagement", goal="Meet every week.")
    prefix = f"action-{goal.uuid}"
    response = signed_in("worker_a").post(url("add_action", case, goal=goal.uuid), {
        f"{prefix}-action": "Text on Mondays", f"{prefix}-who": "", f"{prefix}-due_on_day": "40",
        f"{prefix}-due_on_month": "1", f"{prefix}-due_on_year": "2027"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter who will do it" in page and "The date it is due by must be a real date" in page
    assert 'value="Text on Mondays"' in page
    assert not PlanAction.objects.exists()


def test_overdue_actions_show_on_the_caseload(signed_in, world, case):
    goal = actions.add_goal(actor=world.worker_a, case=case, element="support", goal="Back at school full time.")
    actions.add_action(actor=world.worker_a, goal=goal, action="Meeting with head of year", who="Worker",
                       due_on=today() - dt.timedelta(days=3))
    assert "1 plan action overdue" in signed_in("worker_a").get(reverse("cases:mine")).content.decode()


@pytest.mark.parametrize(("persona", "status"), [
    ("manager_a", 302), ("hub_worker_a", 404), ("outsider", 404), ("partner_a", 404), ("evaluator", 404),
])
def test_who_may_change_the_plan(signed_in, world, case, persona, status):
    response = signed_in(persona).post(url("add_goal", case), {"goal-element": "advocacy", "goal-goal": "x"})
    assert response.status_code == status


def test_the_plan_page_is_flat(signed_in, world, case):
    client = signed_in("worker_a")

    def grow():
        for element in ("engagement", "growth", "advocacy"):
            goal = actions.add_goal(actor=world.worker_a, case=case, element=element, goal=f"Goal on {element}")
            for n in range(3):
                actions.add_action(actor=world.worker_a, goal=goal, action=f"Step {n}", who="Worker",
                                   due_on=today() + dt.timedelta(days=n))

    grow()
    assert_flat_queries(lambda: client.get(url("plan", case)), grow)
