import datetime as dt

from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.models import Allocation, CaseClosure
from hubspoke.cases.tests.test_levels import assess
from hubspoke.lib.dates import today


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


def test_a_high_risk_case_still_closes_for_other_reasons_and_a_low_one_as_disengaged(signed_in, world):
    case = world.case_a()
    assess(world, case.young_person, on=today(), **{"missing-often": "yes"})
    response = signed_in("worker_a").post(reverse("cases:close", kwargs={"ref": case.uuid}), close_form(reason="moved"))
    assert response.status_code == 302 and not CaseClosure.objects.get().guarded


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
