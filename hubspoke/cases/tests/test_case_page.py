import datetime as dt
import uuid

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions
from hubspoke.cases.models import Allocation
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.lib.dates import today
from hubspoke.lib.workingdays import add_working_days
from hubspoke.referrals import actions as referral_actions


def url(name, case):
    return reverse(f"cases:{name}", kwargs={"ref": case.uuid})


def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def case(world):
    return world.case_a()


def test_the_case_page_shows_lead_referrals_and_first_contact_due(signed_in, world, case):
    page = signed_in("worker_a").get(url("detail", case)).content.decode()
    due = add_working_days(today(), world.service_a.first_contact_target_working_days)
    assert "Casey Example" in page and "Worker A, since" in page and "Police" in page
    assert f"Due {due:%-d %b %Y}" in page and "Record first contact" in page
    assert AuditEvent.objects.filter(action="cases.case.viewed", subject_ref=str(case.uuid)).exists()


def test_the_lead_records_first_contact_and_the_clock_stops(signed_in, world, case):
    client = signed_in("worker_a")
    response = client.post(url("first_contact", case), date_fields("first_contact_on", today()))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.first_contact_on == today()
    assert AuditEvent.objects.filter(action="cases.case.first_contact_recorded", detail__corrected=False).exists()
    page = client.get(reverse("cases:mine")).content.decode()
    assert f"{today():%-d %b %Y}" in page and "Overdue" not in page


def test_first_contact_cannot_be_in_the_future_or_before_the_referral(signed_in, world, case):
    client = signed_in("worker_a")
    response = client.post(url("first_contact", case), date_fields("first_contact_on", today() + dt.timedelta(days=2)))
    assert response.status_code == 400 and "must not be in the future" in response.content.decode()
    response = client.post(url("first_contact", case), date_fields("first_contact_on", today() - dt.timedelta(days=9)))
    assert response.status_code == 400 and "on or after the day the referral arrived" in response.content.decode()
    response = client.post(url("first_contact", case), {"first_contact_on_day": "31", "first_contact_on_month": "2",
                                                         "first_contact_on_year": "2026"})
    assert response.status_code == 400 and "must be a real date" in response.content.decode()
    case.refresh_from_db()
    assert case.first_contact_on is None


def test_first_contact_overdue_shows_on_the_caseload(signed_in, world, case):
    from hubspoke.referrals.models import ReferralDecision

    long_ago = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    ReferralDecision.objects.filter(referral__case_link__case=case, kind="accepted").update(decided_at=long_ago)
    page = signed_in("worker_a").get(reverse("cases:mine")).content.decode()
    assert "Overdue" in page


@pytest.mark.parametrize(("persona", "status"), [
    ("worker_a", 302), ("manager_a", 302), ("hub_worker_a", 404), ("outsider", 404), ("partner_a", 404),
])
def test_who_may_record_first_contact(signed_in, world, case, persona, status):
    response = signed_in(persona).post(url("first_contact", case), date_fields("first_contact_on", today()))
    assert response.status_code == status


def test_a_manager_changes_the_lead_worker_with_a_reason_and_history_is_kept(signed_in, world, case):
    client = signed_in("manager_a", recent=True)
    page = client.get(url("reallocate", case)).content.decode()
    assert "Worker A" not in page.split("Who will be the new lead worker?")[1].split("</fieldset>")[0]
    response = client.post(url("reallocate", case), {"worker": str(world.manager_a.uuid)})
    assert response.status_code == 400 and "Enter why the lead worker is changing" in response.content.decode()
    response = client.post(url("reallocate", case), {"worker": str(world.manager_a.uuid),
                                                     "reason": "Worker A is on long-term leave"})
    assert response.status_code == 302
    rows = list(Allocation.objects.filter(case=case).order_by("starts_at", "pk").values_list(
        "worker__full_name", "ends_at", "reason"))
    assert rows[0][0] == "Worker A" and rows[0][1] is not None
    assert rows[1] == ("Manager A", None, "Worker A is on long-term leave")
    page = client.get(url("detail", case)).content.decode()
    assert "Worker A is on long-term leave" in page and "Manager A, since" in page
    assert AuditEvent.objects.filter(action="cases.allocation.changed", subject_ref=str(case.uuid)).exists()
    # The former lead no longer sees it in their caseload.
    assert "Casey Example" not in signed_in("worker_a").get(reverse("cases:mine")).content.decode()


def test_the_worker_cannot_reallocate_their_own_case(signed_in, world, case):
    response = signed_in("worker_a").post(url("reallocate", case), {"worker": str(world.manager_a.uuid),
                                                                    "reason": "x"})
    assert response.status_code == 403
    assert Allocation.objects.filter(case=case).count() == 1


def test_a_manager_sees_one_workers_caseload(signed_in, world, case):
    client = signed_in("manager_a")
    page = client.get(reverse("cases:worker_caseload", kwargs={"ref": world.worker_a.uuid})).content.decode()
    assert "Caseload of Worker A" in page and "Casey Example" in page
    # Someone outside the manager's teams is a 404, as if they did not exist.
    assert client.get(reverse("cases:worker_caseload", kwargs={"ref": world.outsider.uuid})).status_code == 404
    assert 'href="/cases/team/' in client.get(reverse("cases:team")).content.decode()


def test_case_pages_are_flat(signed_in, world, case):
    client = signed_in("manager_a")

    def grow():
        for _ in range(3):
            r = referral_actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name="Casey", subject_last_name="Example"))
            referral_actions.accept_referral(actor=world.manager_a, referral=r, young_person=case.young_person,
                                             spoke=world.spoke_a1)
            actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)
            lead = Allocation.objects.get(case=case, ends_at__isnull=True).worker
            actions.reallocate_case(actor=world.manager_a, case=case, reason="Cover",
                                    worker=world.worker_a if lead == world.manager_a else world.manager_a)

    actions.reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a, reason="Cover")
    assert_flat_queries(lambda: client.get(url("detail", case)), grow)
    assert_flat_queries(lambda: client.get(reverse("cases:worker_caseload", kwargs={"ref": world.worker_a.uuid})),
                        grow)
