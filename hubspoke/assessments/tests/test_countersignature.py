"""A lower professional judgement waits for a manager's countersignature before it stands,
and nobody is left being asked to countersign once someone has, or once the case has closed."""

import datetime as dt

from django.urls import reverse

from hubspoke.assessments import actions, queries
from hubspoke.assessments.models import Assessment
from hubspoke.assessments.tests.tool_examples import SMALL
from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions as case_actions
from hubspoke.cases.tests.test_levels import NONE_PRESENT, assess
from hubspoke.conftest import make_person
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.notifications.models import Notification
from hubspoke.referrals import actions as referral_actions


def second_manager(world):
    person = make_person("second_manager", totp_secret=world.totp_secrets["manager_a"])
    network_actions.add_membership(actor=world.admin, person=person, role=Role.SERVICE_MANAGER,
                                   place=world.service_a, starts_on=today())
    return person


def test_a_lower_judgement_waits_and_the_computed_level_stands_with_its_review(signed_in, world):
    case = world.case_a()
    on = today() - dt.timedelta(days=3)
    lowered = assess(world, case.young_person, on=on, judgement="low", **{"missing-often": "yes"})
    assert (lowered.computed_level, lowered.judgement_level) == ("high", "low")
    assert (lowered.level, lowered.level_label, lowered.level_rank) == ("high", "High", 2)
    assert lowered.next_review_on == on + dt.timedelta(weeks=4)  # high's interval, not low's 13 weeks
    assert lowered.needs_countersignature and actions.judgement_waits(lowered)
    page = signed_in("worker_a").get(reverse("cases:detail", kwargs={"ref": case.uuid}))
    assert page.status_code == 200
    assert "High (a lower professional judgement waits for a manager" in page.content.decode()
    detail = signed_in("worker_a").get(reverse("assessments:detail", kwargs={"ref": lowered.uuid}))
    assert "Until a manager countersigns, the computed level, high, stands." in detail.content.decode()

    actions.countersign(actor=world.manager_a, assessment=lowered)
    lowered.refresh_from_db()
    assert (lowered.level, lowered.level_label, lowered.level_rank) == ("low", "Low", 0)
    assert lowered.next_review_on == on + dt.timedelta(weeks=13)
    assert not actions.judgement_waits(lowered)
    signed = AuditEvent.objects.get(action="assessments.assessment.countersigned", subject_ref=str(lowered.uuid))
    assert signed.detail == {"level": "low"}


def test_a_higher_judgement_stands_at_once(world):
    raised = assess(world, world.case_a().young_person, on=today(), judgement="high")
    assert (raised.computed_level, raised.level, raised.level_rank) == ("low", "high", 2)
    assert not actions.judgement_waits(raised)


def test_the_levels_page_counts_a_waiting_lower_judgement_as_lower(signed_in, world):
    assess(world, world.case_a().young_person, on=today(), judgement="low", **{"missing-often": "yes"})
    response = signed_in("manager_a").get(reverse("cases:levels"))
    assert response.status_code == 200
    assert response.context["judgement"] == {"total": 1, "agreed": 0, "higher": 0, "lower": 1}
    assert [(r["level_label"], r["n"]) for r in response.context["distribution"]] == [("High", 1)]


def test_once_one_manager_countersigns_the_others_are_no_longer_asked(signed_in, world):
    other = second_manager(world)
    high = assess(world, world.case_a().young_person, on=today(), **{"missing-often": "yes"})
    asked = Notification.objects.filter(kind="assessments.countersign", subject_ref=str(high.uuid))
    assert {n.recipient for n in asked} == {world.manager_a, other}
    actions.countersign(actor=world.manager_a, assessment=high)
    assert not asked.filter(resolved_at__isnull=True).exists()
    client = signed_in("manager_a")
    client.force_login(other)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and response.context["user"] == other
    assert response.context["notifications_nav"]["unread"] == 0
    assert "Dealt with" in response.content.decode()


def test_the_queue_leaves_out_closed_cases_and_their_requests_are_resolved(signed_in, world):
    case = world.case_a()
    high = assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    assert list(queries.awaiting_countersignature(world.manager_a)) == [high]
    case_actions.close_case(actor=world.manager_a, case=case, reason="moved", summary="Moved to Wales.",
                            engagement="mostly", outcomes_achieved="some",
                            approval_rationale="Welsh service and police lead now.",
                            statutory_agency_told="Northshire children's social care", statutory_told_on=today())
    assert list(queries.awaiting_countersignature(world.manager_a)) == []
    response = signed_in("manager_a").get(reverse("assessments:countersignatures"))
    assert response.status_code == 200 and "Casey Example" not in response.content.decode()
    assert not Notification.objects.filter(kind="assessments.countersign", resolved_at__isnull=True).exists()
    # A manager may still countersign it from its own page.
    actions.countersign(actor=world.manager_a, assessment=high)


def test_the_queue_keeps_screenings_of_referrals_still_being_triaged(world):
    tool, _ = actions.import_tool(source=SMALL)
    screening = actions.start_assessment(actor=world.manager_a, tool=tool, referral=world.referral_a)
    Assessment.objects.filter(pk=screening.pk).update(answers={**NONE_PRESENT, "missing-often": {
        "answer": "yes", "window": "", "note": ""}})
    screening.refresh_from_db()
    actions.complete_assessment(actor=world.hub_worker_a, assessment=screening, assessed_on=today(),
                                young_persons_view="Fine.")
    assert list(queries.awaiting_countersignature(world.manager_a)) == [screening]
    referral_actions.close_referral(actor=world.manager_a, referral=world.referral_a, notes="Withdrawn.")
    assert list(queries.awaiting_countersignature(world.manager_a)) == []


def test_reopening_the_case_asks_the_managers_again(world):
    case = world.case_a()
    high = assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    case_actions.close_case(actor=world.manager_a, case=case, reason="moved", summary="Moved to Wales.",
                            engagement="mostly", outcomes_achieved="some",
                            approval_rationale="Welsh service and police lead now.",
                            statutory_agency_told="Northshire children's social care", statutory_told_on=today())
    case_actions.reopen_case(actor=world.manager_a, case=case, reason="Back in the area.", worker=world.worker_a)
    assert list(queries.awaiting_countersignature(world.manager_a)) == [high]
    waiting = Notification.objects.filter(kind="assessments.countersign", subject_ref=str(high.uuid),
                                          resolved_at__isnull=True)
    assert [n.recipient for n in waiting] == [world.manager_a]
