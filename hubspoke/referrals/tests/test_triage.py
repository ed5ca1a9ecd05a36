import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import referral_details
from hubspoke.lib.dates import today
from hubspoke.referrals import actions
from hubspoke.referrals.models import Referral, ReferralStatus, YoungPerson


def url(world, name):
    return reverse(f"referrals:{name}", kwargs={"ref": world.referral_a.uuid})


def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.mark.parametrize(("persona", "status"), [
    ("manager_a", 302), ("hub_worker_a", 403), ("worker_a", 404), ("outsider", 404), ("partner_a", 404),
    ("evaluator", 404),
])
def test_who_may_decide(signed_in, world, persona, status):
    response = signed_in(persona).post(url(world, "close"), {"close-notes": "Withdrawn by the referrer"})
    assert response.status_code == status


def test_workers_may_decide_where_the_service_allows_it(signed_in, world):
    world.service_a.workers_may_triage = True
    world.service_a.save()
    response = signed_in("hub_worker_a").post(url(world, "close"), {"close-notes": "Duplicate"})
    assert response.status_code == 302


def test_accepting_makes_a_record_from_the_referral(signed_in, world):
    client = signed_in("manager_a")
    response = client.post(url(world, "accept"), {"accept-record": "new", "accept-spoke": str(world.spoke_a1.uuid)})
    assert response.status_code == 302
    referral = Referral.objects.get(pk=world.referral_a.pk)
    assert referral.status == ReferralStatus.ACCEPTED and referral.spoke == world.spoke_a1
    person = referral.young_person
    assert (person.first_name, person.last_name, person.service) == ("Jordan", "Testcase", world.service_a)
    assert person.spoke == world.spoke_a1
    assert AuditEvent.objects.filter(action="referrals.referral.accepted", subject_ref=str(referral.uuid)).exists()
    # The spoke worker now sees the referral (held at their spoke); the outsider never does.
    assert signed_in("worker_a").get(url(world, "detail")).status_code == 200


def test_accepting_can_link_an_existing_record_but_only_a_possible_match(signed_in, world):
    known = actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Jordan",
                                        last_name="Testcase", date_of_birth=dt.date(2011, 5, 17))
    stranger = actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Sam",
                                           last_name="Other", date_of_birth=dt.date(2012, 1, 1))
    client = signed_in("manager_a")
    response = client.post(url(world, "accept"), {"accept-record": str(stranger.uuid)})
    assert response.status_code == 400
    response = client.post(url(world, "accept"), {"accept-record": str(known.uuid)})
    assert response.status_code == 302
    assert Referral.objects.get(pk=world.referral_a.pk).young_person == known
    assert YoungPerson.objects.count() == 2


def test_declining_tells_the_partner_only_what_was_written_for_them(signed_in, world):
    response = signed_in("manager_a").post(url(world, "decline"), {
        "decline-decline_reason": "outside_area", "decline-reason_for_referrer": "Lives outside our area.",
        "decline-signposting": "The local youth service.", "decline-notes": "Internal: known to CSC already.",
    })
    assert response.status_code == 302
    text = signed_in("partner_a").get(reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid})
                                      ).content.decode()
    assert "Declined" in text and "Lives outside our area." in text and "The local youth service." in text
    assert "Internal" not in text


def test_declining_needs_reasons(signed_in, world):
    response = signed_in("manager_a").post(url(world, "decline"), {"decline-notes": "typed this"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Select why the service is declining" in text and "Enter what the referrer should be told" in text
    assert "typed this" in text


def test_challenge_waits_for_information_then_returns_for_a_decision(signed_in, world):
    client = signed_in("manager_a")
    due = today() + dt.timedelta(days=5)
    response = client.post(url(world, "request_info"), {
        "info-information_requested": "Which school does she attend?", "info-requested_from": "PC Example, police",
        **date_fields("info-due_on", due),
    })
    assert response.status_code == 302
    assert Referral.objects.get(pk=world.referral_a.pk).status == ReferralStatus.AWAITING_INFORMATION
    partner_text = signed_in("partner_a").get(reverse("referrals:sent")).content.decode()
    assert "asked for more information" in partner_text
    client = signed_in("manager_a")
    response = client.post(url(world, "resolve_info"), {"resolve-outcome": "Attends Northshire Academy."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=world.referral_a.pk).status == ReferralStatus.RECEIVED
    history = client.get(url(world, "detail")).content.decode()
    assert "Which school does she attend?" in history and "Attends Northshire Academy." in history


def test_a_challenge_due_in_the_past_is_refused(signed_in, world):
    response = signed_in("manager_a").post(url(world, "request_info"), {
        "info-information_requested": "x", "info-requested_from": "y",
        **date_fields("info-due_on", today() - dt.timedelta(days=1)),
    })
    assert response.status_code == 400
    assert "must be today or in the future" in response.content.decode()


def test_a_decided_referral_cannot_be_decided_again(world):
    actions.close_referral(actor=world.manager_a, referral=world.referral_a, notes="Duplicate")
    with pytest.raises(ValidationError, match="already been closed"):
        actions.accept_referral(actor=world.manager_a, referral=world.referral_a)


def test_decisions_show_in_the_inbox_tabs(signed_in, world):
    actions.submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                    submission_token=uuid.uuid4(), details=referral_details(subject_first_name="Ali"))
    actions.decline_referral(actor=world.manager_a, referral=world.referral_a, decline_reason="not_cse",
                             reason_for_referrer="Not about exploitation.")
    text = signed_in("manager_a").get(reverse("referrals:inbox") + "?status=declined").content.decode()
    assert "Jordan Testcase" in text and "Ali Testcase" not in text


def test_referral_page_is_flat_in_history_and_matches(signed_in, world):
    from hubspoke.conftest import assert_flat_queries

    client = signed_in("manager_a")
    page = url(world, "detail")
    client.get(page)
    added = iter(range(100))

    def grow():
        n = next(added)
        for i in range(3):
            actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name=f"Jordan{n}{i}",
                                        last_name="Testcase", date_of_birth=dt.date(2011, 5, 17))
            actions.create_young_person(actor=world.outsider, service=world.service_b, first_name="Jordan",
                                        last_name=f"Testcase{n}{i}", date_of_birth=dt.date(2011, 5, 17))
        actions.request_information(actor=world.manager_a, referral=world.referral_a, information_requested="x",
                                    requested_from="y", due_on=today())
        actions.resolve_information_request(actor=world.manager_a, referral=world.referral_a, outcome="z")

    grow()  # one of each first (a page with none skips queries); then many more
    assert_flat_queries(lambda: client.get(page), lambda: [grow() for _ in range(5)])


def test_a_young_person_who_has_since_left_the_services_ages_is_refused_in_plain_words(signed_in, world):
    """The referral was within the service's ages when it arrived; by the time it is accepted
    the young person is older. The action's error names a field the accept form does not have:
    it is still shown on the page, not a server error."""
    referral = world.referral_a
    referral.subject_date_of_birth = today().replace(year=today().year - 30)
    referral.save(update_fields=["subject_date_of_birth"])
    response = signed_in("manager_a").post(url(world, "accept"), {"accept-record": "new"})
    assert response.status_code == 400
    assert "North Hub works with young people aged 8 to 25; this young person is 30" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.RECEIVED
