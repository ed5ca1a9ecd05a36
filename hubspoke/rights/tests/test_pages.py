import datetime as dt

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries, make_person
from hubspoke.home.to_do import items_for
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network import scoping
from hubspoke.network.models import Role
from hubspoke.referrals.actions import accept_referral
from hubspoke.rights import actions
from hubspoke.rights.models import Bundle, Status, SubjectAccessRequest
from hubspoke.rights.tests.helpers import full_record, record


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def second_manager(world):
    person = make_person("manager_two", totp_secret=generate_totp_secret())
    network_actions.add_membership(actor=world.manager_a, person=person, role=Role.SERVICE_MANAGER,
                                   place=world.service_a, starts_on=world.memberships["manager_a"].starts_on)
    return person


def test_manager_records_a_request_from_the_young_persons_page(world, signed_in):
    person = world.case_a().young_person
    client = signed_in("manager_a")
    page = client.get(reverse("referrals:young_person", kwargs={"ref": person.uuid}))
    assert page.status_code == 200 and reverse("rights:new", kwargs={"ref": person.uuid}) in page.content.decode()
    url = reverse("rights:new", kwargs={"ref": person.uuid})
    missing = client.post(url, {"requester_kind": "parent", "identity_checked": "Seen", **_date("received_on", today())})
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "govuk-error-summary" in body and "Enter the name of the person who asked" in body
    assert "how their parental responsibility" in body
    done = client.post(url, {"requester_kind": "young_person", "identity_checked": "Known to her worker.",
                             **_date("received_on", dt.date(2026, 1, 31))})
    sar = SubjectAccessRequest.objects.get()
    assert done.status_code == 302 and sar.due_on == dt.date(2026, 3, 2)  # 28 Feb 2026 is a Saturday
    assert AuditEvent.objects.filter(action="rights.request.recorded", subject_ref=str(sar.uuid)).exists()


def test_workers_partners_and_other_services_get_404(world, signed_in):
    sar = record(world)
    for persona in ("worker_a", "hub_worker_a", "partner_a", "outsider", "programme_lead"):
        client = signed_in(persona)
        assert client.get(reverse("rights:request", kwargs={"ref": sar.uuid})).status_code == 404, persona
        assert client.get(reverse("rights:requests")).status_code == 404 or persona == "outsider"
    outsider_list = signed_in("outsider").get(reverse("rights:requests"))
    assert outsider_list.status_code == 200 and str(sar.uuid) not in outsider_list.content.decode()


def test_the_request_page_marks_the_record_shown(world, signed_in):
    sar = record(world)
    response = signed_in("manager_a").get(reverse("rights:request", kwargs={"ref": sar.uuid}))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_kind="referrals.youngperson",
                                     subject_ref=str(sar.young_person.uuid)).exists()


def test_pause_and_resume_move_the_deadline(world, signed_in):
    with time_machine.travel(dt.datetime(2025, 9, 20, 12, tzinfo=dt.UTC), tick=False):
        sar = record(world, received_on=dt.date(2025, 9, 3))
        assert sar.due_on == dt.date(2025, 10, 3)
        client = signed_in("manager_a")
        paused = client.post(reverse("rights:pause", kwargs={"ref": sar.uuid}), {
            "kind": "clarification", "what_was_asked": "Which years of records she wants.",
            **_date("started_on", dt.date(2025, 9, 10))})
        assert paused.status_code == 302
        sar.refresh_from_db()
        assert sar.status == Status.PAUSED and sar.due_on is None
        client.post(reverse("rights:resume", kwargs={"ref": sar.uuid}), _date("ended_on", dt.date(2025, 9, 15)))
        sar.refresh_from_db()
        assert sar.status == Status.RECEIVED and sar.due_on == dt.date(2025, 10, 8)
        late = client.post(reverse("rights:extend", kwargs={"ref": sar.uuid}), {
            "months": "2", "reason": "Ten years of records.", **_date("told_on", dt.date(2025, 9, 21))})
        assert late.status_code == 400  # the future
        client.post(reverse("rights:extend", kwargs={"ref": sar.uuid}), {
            "months": "2", "reason": "Ten years of records.", **_date("told_on", dt.date(2025, 9, 19))})
        sar.refresh_from_db()
        assert sar.extension_months == 2 and sar.due_on == dt.date(2025, 12, 8)


def test_requests_list_has_a_flat_query_count_and_shows_overdue_first(world, signed_in):
    client = signed_in("manager_a")
    record(world, received_on=today() - dt.timedelta(days=40))

    def grow():
        for days in (1, 2, 3):
            record(world, received_on=today() - dt.timedelta(days=days))

    assert_flat_queries(lambda: client.get(reverse("rights:requests")), grow)
    body = client.get(reverse("rights:requests")).content.decode()
    assert body.index("Overdue by") < body.index("Due in")


def test_review_page_has_a_flat_query_count(world, signed_in):
    sar = actions.start_review(actor=world.manager_a, sar=record(world))
    client = signed_in("manager_a")
    url = reverse("rights:review", kwargs={"ref": sar.uuid})
    contact = world.contact_a

    def grow():
        contact()
        world.missing_a()
        fresh = actions.start_review(actor=world.manager_a, sar=record(world))
        SubjectAccessRequest.objects.filter(pk=sar.pk).update(snapshot=fresh.snapshot)
        actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="cases.missingepisode",
                               entry_ref=str(world.missing_a().uuid), field_key="places", exemption="third_party")

    assert_flat_queries(lambda: client.get(url), grow)
    assert "Redact" in client.get(url).content.decode()


def test_redacting_a_passage_not_in_the_field_is_a_form_error(world, signed_in):
    full_record(world)
    sar = actions.start_review(actor=world.manager_a, sar=record(world))
    client = signed_in("manager_a")
    url = (reverse("rights:redact", kwargs={"ref": sar.uuid})
           + f"?kind=cases.missingepisode&entry={world.missing_a().uuid}&field=places")
    page = client.get(url)
    assert page.status_code == 200 and "A flat above the takeaway." in page.content.decode()
    wrong = client.post(url, {"exemption": "third_party", "passage": "a house"})
    assert wrong.status_code == 400 and "The passage was not found" in wrong.content.decode()
    assert not sar.redactions.exists()
    right = client.post(url, {"exemption": "third_party", "passage": "the takeaway"})
    assert right.status_code == 302 and sar.redactions.get().passage == "the takeaway"
    review = client.get(reverse("rights:review", kwargs={"ref": sar.uuid})).content.decode()
    assert "A flat above [Redacted: Third-party information" in review


def test_sign_off_download_with_step_up_once(world, signed_in, second_manager, django_capture_on_commit_callbacks):
    full_record(world)
    sar = actions.start_review(actor=world.manager_a, sar=record(world))
    own = signed_in("manager_a").post(reverse("rights:sign_off", kwargs={"ref": sar.uuid}))
    assert own.status_code == 302
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW
    from django.test import Client

    second = Client()
    second.force_login(second_manager)
    with django_capture_on_commit_callbacks(execute=True):
        second.post(reverse("rights:sign_off", kwargs={"ref": sar.uuid}))
    bundle = Bundle.objects.get(request=sar)
    assert bundle.made_at is not None
    url = reverse("rights:download", kwargs={"ref": sar.uuid, "bundle": bundle.uuid})
    stale = signed_in("manager_a").post(url)
    assert stale.status_code == 302 and "reauthenticate" in stale["Location"]
    bundle.refresh_from_db()
    assert bundle.downloaded_at is None
    client = signed_in("manager_a", recent=True)
    with django_capture_on_commit_callbacks(execute=True):
        got = client.post(url)
    assert got.status_code == 200 and got["Content-Type"] == "application/zip" and got.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="rights.bundle.downloaded", actor=world.manager_a).count() == 1
    assert AuditEvent.objects.filter(action="sharing.disclosure.recorded", detail__route="subject").exists()
    again = client.post(url)
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="rights.bundle.downloaded").count() == 1


def test_home_page_lines_for_due_and_overdue(world):
    record(world, received_on=today() - dt.timedelta(days=40))
    record(world, received_on=today() - dt.timedelta(days=27))
    record(world, received_on=today())
    found = {i.label: i for i in items_for(world.manager_a, scoping.scope_for(world.manager_a))}
    assert found["Subject access requests overdue"].count == 1 and found["Subject access requests overdue"].urgent
    assert found["Subject access requests due within a week"].count >= 1
    assert not [i for i in items_for(world.worker_a, scoping.scope_for(world.worker_a)) if "Subject" in i.label]


def test_programme_sees_counts_and_no_names(world, signed_in):
    sar = record(world, received_on=today() - dt.timedelta(days=40))
    actions.close_request(actor=world.manager_a, sar=record(world), status="withdrawn", outcome="She changed her mind")
    page = signed_in("programme_lead").get(reverse("rights:programme"))
    body = page.content.decode()
    assert page.status_code == 200 and "Overdue now" in body
    assert str(sar.young_person) not in body and "Pat Parentexample" not in body and "changed her mind" not in body
    assert 'govuk-tag--red">1<' in body


def test_a_young_person_accepted_elsewhere_is_not_gathered(world):
    """Gathering is for one young person: the world's other referral's person is not in it."""
    accept_referral(actor=world.manager_a, referral=world.referral_a, spoke=world.spoke_a1)
    sar = actions.start_review(actor=world.manager_a, sar=record(world))
    names = {f["text"] for p in sar.snapshot for e in p["entries"] for f in e["fields"] if f["key"] == "first_name"}
    assert names == {"Casey"}


def test_starting_the_review_freezes_and_opens_it(world, signed_in):
    sar = record(world)
    client = signed_in("manager_a")
    response = client.post(reverse("rights:start_review", kwargs={"ref": sar.uuid}))
    assert response.status_code == 302 and response["Location"] == reverse("rights:review", kwargs={"ref": sar.uuid})
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW and sar.snapshot[-1]["key"] == "access_log"
    again = client.post(reverse("rights:start_review", kwargs={"ref": sar.uuid}))
    assert again["Location"] == reverse("rights:request", kwargs={"ref": sar.uuid})
