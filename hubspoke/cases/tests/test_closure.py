import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubspoke.assessments import actions as assessment_actions
from hubspoke.assessments.models import Assessment
from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions, queries
from hubspoke.cases.models import CLOSING_REASONS, Allocation, CaseClosure
from hubspoke.cases.tests.test_levels import assess
from hubspoke.lib.dates import today
from hubspoke.notifications.models import Notification


def close_form(**overrides):
    data = {"reason": "outcomes_achieved", "summary": "Settled at college; knows who to call.",
            "engagement": "mostly", "outcomes_achieved": "most", "what_helped": "The same worker throughout."}
    data.update(overrides)
    return data


def test_a_worker_closes_a_case_and_a_manager_reopens_it_with_the_history_kept(signed_in, world):
    case = world.case_a()
    worker = signed_in("worker_a")
    response = worker.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert not Allocation.objects.filter(case=case, ends_at__isnull=True).exists()
    closure = CaseClosure.objects.get()
    assert (closure.reason, closure.risk_now, closure.guarded) == ("outcomes_achieved", "Not assessed", False)
    assert "Casey Example" not in worker.get(reverse("cases:mine")).content.decode()
    assert AuditEvent.objects.filter(action="cases.case.closed", subject_ref=str(case.uuid)).exists()
    manager = signed_in("manager_a")
    page = manager.get(reverse("cases:detail", kwargs={"ref": case.uuid})).content.decode()
    assert "Settled at college" in page and "Reopen the case" in page
    response = manager.post(reverse("cases:reopen", kwargs={"ref": case.uuid}),
                            {"reason": "Re-referred by school after new concerns.", "worker": str(world.worker_a.uuid)})
    assert response.status_code == 302
    case.refresh_from_db()
    closure.refresh_from_db()
    assert case.status == "open" and closure.reopened_by == world.manager_a
    assert Allocation.objects.filter(case=case).count() == 2  # the old allocation stays in the history
    events = manager.get(reverse("cases:chronology", kwargs={"ref": case.uuid})).content.decode()
    assert "Case closed: outcomes achieved" in events and "Case reopened" in events


def test_a_high_risk_case_does_not_close_as_disengaged_without_a_manager_rationale_and_statutory_record(
    signed_in, world
):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})  # high
    worker = signed_in("worker_a")
    page = worker.get(reverse("cases:close", kwargs={"ref": case.uuid})).content.decode()
    assert "The current risk is high" in page
    response = worker.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="disengaged"))
    assert response.status_code == 400 and "only a manager can close this case" in response.content.decode()
    manager = signed_in("manager_a")
    response = manager.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="disengaged"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter why closing is right" in page and "Enter which statutory agency was told" in page
    assert "Enter when they were told" in page
    assert not CaseClosure.objects.exists()
    told = today() - dt.timedelta(days=1)
    response = manager.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(
        reason="disengaged", approval_rationale="Moved in with family out of area; police and CSC lead now.",
        statutory_agency_told="Northshire children's social care", statutory_told_on_day=told.day,
        statutory_told_on_month=told.month, statutory_told_on_year=told.year))
    assert response.status_code == 302
    closure = CaseClosure.objects.get()
    assert closure.guarded and closure.risk_now == "High" and closure.statutory_told_on == told


@pytest.mark.parametrize("reason", [value for value, _ in CLOSING_REASONS])
def test_a_worker_cannot_close_a_high_risk_case_whatever_reason_they_pick(signed_in, world, reason):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})  # high
    worker = signed_in("worker_a")
    response = worker.post(reverse("cases:close", kwargs={"ref": case.uuid}),
                           close_form(reason=reason, summary="Not engaging. Closing."))
    assert response.status_code == 400
    form = response.context["form"]
    # The refusal names no field that is not on the worker's page.
    assert set(form.errors) == {"__all__"}
    assert "only a manager can close this case" in form.non_field_errors()[0]
    case.refresh_from_db()
    assert case.status == "open" and not CaseClosure.objects.exists()


def test_a_worker_sees_who_can_close_a_high_risk_case_and_no_form_to_be_refused(signed_in, world):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    response = signed_in("worker_a").get(reverse("cases:close", kwargs={"ref": case.uuid}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only a manager at North Hub can close this case" in page
    assert 'name="reason"' not in page


def test_lowering_the_level_by_judgement_does_not_open_the_way_before_countersignature(signed_in, world):
    case = world.case_a()
    lowered = assess(world, case.young_person, on=today(), judgement="low", **{"missing-often": "yes"})
    assert (lowered.computed_level, lowered.judgement_level, lowered.level) == ("high", "low", "high")
    response = signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="other"))
    assert response.status_code == 400 and not CaseClosure.objects.exists()
    # Once a manager countersigns, the judgement stands and the worker may close.
    assessment_actions.countersign(actor=world.manager_a, assessment=lowered)
    response = signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="other"))
    assert response.status_code == 302
    assert CaseClosure.objects.get().risk_now == "Low"


def test_the_old_way_round_of_a_waiting_judgement_still_counts_as_high(world):
    """However the level was stored, a lower judgement waiting for its countersignature
    leaves the risk at the computed level."""
    case = world.case_a()
    lowered = assess(world, case.young_person, on=today(), judgement="low", **{"missing-often": "yes"})
    Assessment.objects.filter(pk=lowered.pk).update(level="low", level_label="Low", level_rank=0)
    risk = queries.current_risk(case)
    assert risk.highest and risk.label == "High"


@pytest.mark.parametrize("reason", [value for value, _ in CLOSING_REASONS])
def test_a_manager_closes_a_high_risk_case_for_any_reason_only_with_the_approval(signed_in, world, reason):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    manager = signed_in("manager_a")
    response = manager.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason=reason))
    assert response.status_code == 400
    assert {"approval_rationale", "statutory_agency_told", "statutory_told_on"} <= set(response.context["form"].errors)
    told = today()
    response = manager.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(
        reason=reason, approval_rationale="Police and children's social care lead now.",
        statutory_agency_told="Northshire children's social care", statutory_told_on_day=told.day,
        statutory_told_on_month=told.month, statutory_told_on_year=told.year))
    assert response.status_code == 302
    assert CaseClosure.objects.get().guarded


@pytest.mark.parametrize("persona", ["worker_a", "manager_a"])
def test_transferred_is_not_a_reason_anyone_can_give(signed_in, world, persona):
    case = world.case_a()
    client = signed_in(persona)
    page = client.get(reverse("cases:close", kwargs={"ref": case.uuid})).content.decode()
    assert 'value="transferred"' not in page
    response = client.post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="transferred"))
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        actions.close_case(actor=world.people[persona], case=case, reason="transferred", summary="Moved.",
                           engagement="mostly", outcomes_achieved="some")
    assert "use “Transfer” on the case page" in str(refused.value)
    case.refresh_from_db()
    assert case.status == "open"


def test_a_low_risk_case_closes_as_disengaged_and_tells_nobody(signed_in, world):
    case = world.case_a()
    assess(world, case.young_person, on=today())  # low
    response = signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}),
                                          close_form(reason="disengaged"))
    assert response.status_code == 302
    assert not CaseClosure.objects.get().guarded
    assert not Notification.objects.filter(kind="cases.closed_at_risk").exists()


def test_managers_are_told_when_a_case_at_medium_or_higher_closes(signed_in, world):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-overnight": "yes"})  # medium
    assert queries.current_risk(case).label == "Medium"
    response = signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}),
                                          close_form(reason="declined"))
    assert response.status_code == 302
    told = Notification.objects.get(kind="cases.closed_at_risk")
    assert (told.recipient, told.subject_ref) == (world.manager_a, str(case.uuid))
    page = signed_in("manager_a").get(reverse("notifications:list")).content.decode()
    assert "A case at medium risk or higher has closed" in page


def test_managers_are_told_when_an_accepted_transfer_closes_a_high_risk_case(world):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    transfer = world.transfer_a()
    actions.accept_transfer(actor=world.outsider, transfer=transfer, worker=world.outsider)
    told = Notification.objects.filter(kind="cases.closed_at_risk")
    assert [(n.recipient, n.subject_ref) for n in told] == [(world.manager_a, str(case.uuid))]


def test_reopening_is_refused_while_another_case_is_open(signed_in, world):
    from hubspoke.cases.models import Case

    case = world.case_a()
    signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form())
    Case.objects.create(service=case.service, spoke=case.spoke, young_person=case.young_person,
                        opened_at=case.opened_at, opened_by=world.manager_a)
    response = signed_in("manager_a").post(reverse("cases:reopen", kwargs={"ref": case.uuid}),
                                           {"reason": "Again.", "worker": str(world.worker_a.uuid)})
    assert response.status_code == 400 and "already has an open case" in response.content.decode()


def test_turning_18_within_three_months_is_flagged_and_a_transition_plan_recorded(signed_in, world):
    from hubspoke.referrals.models import YoungPerson

    case = world.case_a()
    soon = today() + dt.timedelta(days=40)
    YoungPerson.objects.filter(pk=case.young_person_id).update(date_of_birth=soon.replace(year=soon.year - 18))
    worker = signed_in("worker_a")
    assert "Turns 18 soon" in worker.get(reverse("cases:mine")).content.decode()
    page = worker.get(reverse("cases:detail", kwargs={"ref": case.uuid})).content.decode()
    assert "Within three months" in page and "can keep working with them to 25" in page
    response = worker.post(reverse("cases:transition_plan", kwargs={"ref": case.uuid}),
                           {"transition_plan": "Leaving-care PA from March; college support worker."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.transition_plan.startswith("Leaving-care PA")
    assert AuditEvent.objects.filter(action="cases.case.transition_plan_set").exists()


def test_the_eighteenth_birthday_of_someone_born_on_29_february():
    from hubspoke.cases.timeliness import eighteenth_birthday, turning_18_soon

    assert eighteenth_birthday(dt.date(2008, 2, 29)) == dt.date(2026, 3, 1)
    assert turning_18_soon(dt.date(2008, 2, 29), dt.date(2026, 1, 1))
    assert not turning_18_soon(dt.date(2008, 2, 29), dt.date(2025, 6, 1))
    assert not turning_18_soon(None, dt.date(2026, 1, 1))
