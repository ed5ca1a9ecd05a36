"""The one door: every route a disclosure can take (consent, an agreement, a manager's one-off
safeguarding decision) and every refusal, through the action and through the share page;
decisions not to share; one young person's sharing history; transfers as disclosures."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import START, assert_flat_queries, make_person
from hubspoke.lib.dates import today
from hubspoke.network.actions import add_membership
from hubspoke.network.models import Agency, AgencyType, Role
from hubspoke.notifications.models import Notification
from hubspoke.sharing import actions
from hubspoke.sharing.models import DecisionNotToShare, Disclosure, RequestStatus, Route

PASSWORD = "a-long-test-password-42"
RATIONALE = "She told us tonight she is being taken to a flat in another town; police need to know now."


def person_of(world):
    return world.case_a().young_person


def consent(world, *, decision="given", categories=("risk",), agencies=None, given_on=None):
    return actions.record_consent(
        actor=world.worker_a, young_person=person_of(world), agencies=agencies or [world.police_a],
        fields={"decision": decision, "given_by": "young_person", "categories": list(categories),
                "method": "in_person", "given_on": given_on or today() - dt.timedelta(days=10),
                "competence_note": "Understood who the police are and why."},
    )


def agreement(world, **fields):
    values = {"title": "Protocol", "purpose": "Safety.", "article6": "public_task", "article9": "safeguarding",
              "categories": ["referral", "risk"], "starts_on": START, "review_on": START + dt.timedelta(days=3650)}
    values.update(fields)
    return actions.create_agreement(actor=world.manager_a, service=world.service_a, parties=[world.police_a],
                                    fields=values)


def share(world, actor=None, **overrides):
    kwargs = {"actor": actor or world.worker_a, "young_person": person_of(world), "to_agency": world.police_a,
              "recipient_name": "DC Example", "categories": ["risk"], "summary": "Risk is high.",
              "route": "consent", "reason": "For the strategy meeting."}
    kwargs.update(overrides)
    return actions.record_disclosure(**kwargs)


def refusal(world, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        share(world, **overrides)
    return {name: " ".join(messages) for name, messages in caught.value.message_dict.items()}


def second_manager(world):
    other = make_person("manager_a2")
    add_membership(actor=world.admin, person=other, role=Role.SERVICE_MANAGER, place=world.service_a,
                   starts_on=START)
    return other


# --- Routes through the door (the action) ------------------------------------------------


def test_consent_that_covers_the_agency_and_category_lets_it_through(world):
    given = consent(world)
    disclosure = share(world)
    assert disclosure.route == Route.CONSENT
    assert disclosure.consent == given
    assert (disclosure.article6, disclosure.article9) == ("consent", "explicit_consent")
    assert AuditEvent.objects.filter(action="sharing.disclosure.recorded", subject_ref=str(disclosure.uuid)).exists()


def test_an_agreement_covering_the_agency_and_category_lets_it_through(world):
    version = world.agreement_a().current
    disclosure = share(world, route="agreement", agreement=version)
    assert disclosure.agreement_version == version
    assert (disclosure.article6, disclosure.article9) == ("public_task", "safeguarding")


def test_a_managers_one_off_decision_after_reauthenticating_lets_it_through_and_tells_the_other_managers(world):
    other = second_manager(world)
    disclosure = share(world, actor=world.manager_a, route="safeguarding", reason=RATIONALE,
                       article6="vital_interests", article9="safeguarding", reauthenticated=True)
    assert disclosure.route == Route.SAFEGUARDING and disclosure.decided_by == world.manager_a
    told = Notification.objects.filter(kind=actions.SAFEGUARDING_SHARE, subject_ref=str(disclosure.uuid))
    assert set(told.values_list("recipient_id", flat=True)) == {other.pk}  # not the manager who decided


def test_no_consent_on_record_is_refused(world):
    assert "No consent on record covers sharing risk level" in refusal(world)["route"]


def test_refused_consent_is_refused(world):
    consent(world, decision="refused")
    assert "Consent to share risk level and assessment summary with this agency was refused" in refusal(world)["route"]


def test_consent_withdrawn_before_the_share_date_is_refused(world):
    given = consent(world, given_on=today() - dt.timedelta(days=20))
    actions.withdraw_consent(actor=world.worker_a, consent=given, withdrawn_on=today() - dt.timedelta(days=5),
                             withdrawn_by="young_person", words="I don't want the police told.")
    message = refusal(world)["route"]
    assert "was withdrawn on" in message and (today() - dt.timedelta(days=5)).strftime("%B") in message
    # A share dated before the withdrawal was lawful when made, and is recorded.
    earlier = share(world, shared_on=today() - dt.timedelta(days=6))
    assert earlier.consent == given


def test_consent_withdrawn_after_a_disclosure_leaves_the_disclosure_standing_and_pointing_at_it(world):
    given = consent(world)
    before = share(world)
    actions.withdraw_consent(actor=world.worker_a, consent=given, withdrawn_on=today(), withdrawn_by="young_person",
                             words="Stop telling them.")
    before.refresh_from_db()
    assert before.consent_id == given.pk and before.route == Route.CONSENT
    assert "was withdrawn on" in refusal(world)["route"]


def test_an_expired_agreement_is_refused(world):
    ended = agreement(world, ends_on=today() - dt.timedelta(days=1))
    assert "This agreement ended on" in refusal(world, route="agreement", agreement=ended.current)["agreement"]


def test_an_agreement_not_yet_started_is_refused(world):
    future = agreement(world, starts_on=today() + dt.timedelta(days=3), review_on=today() + dt.timedelta(days=300))
    assert "This agreement starts on" in refusal(world, route="agreement", agreement=future.current)["agreement"]


def test_an_old_version_of_an_agreement_is_refused(world):
    found = world.agreement_a()
    old = found.current
    actions.revise_agreement(actor=world.manager_a, agreement=found, parties=[world.police_a],
                             change_note="Renamed.", fields={"title": "Protocol v2", "purpose": "Safety.", "article6": "public_task",
                                     "article9": "safeguarding", "categories": ["referral", "risk"],
                                     "starts_on": START, "review_on": START + dt.timedelta(days=3650)})
    assert "old version" in refusal(world, route="agreement", agreement=old)["agreement"]


def test_an_agency_not_a_party_is_refused(world):
    version = world.agreement_a().current
    errors = refusal(world, route="agreement", agreement=version, to_agency=world.csc_b)
    assert errors["agreement"] == "This agency is not a party to this agreement"


def test_a_category_the_agreement_does_not_cover_is_refused(world):
    version = world.agreement_a().current
    errors = refusal(world, route="agreement", agreement=version, categories=["risk", "health"])
    assert errors["agreement"] == "This agreement does not cover health"


def test_a_one_off_share_of_special_category_information_needs_an_article_9_condition(world):
    errors = refusal(world, actor=world.manager_a, route="safeguarding", reason=RATIONALE,
                     article6="vital_interests", article9="", reauthenticated=True)
    assert set(errors) == {"article9"}


def test_a_one_off_share_by_a_worker_is_refused_however_it_is_asked(world):
    errors = refusal(world, route="safeguarding", reason=RATIONALE, article6="vital_interests",
                     article9="safeguarding", reauthenticated=True)
    assert "decided by a manager of the service" in errors["route"]


def test_a_one_off_share_without_reauthentication_is_refused(world):
    errors = refusal(world, actor=world.manager_a, route="safeguarding", reason=RATIONALE,
                     article6="vital_interests", article9="safeguarding", reauthenticated=False)
    assert errors["route"] == "Enter your password again to confirm a one-off safeguarding share"


def test_a_one_off_share_with_a_short_rationale_is_refused(world):
    errors = refusal(world, actor=world.manager_a, route="safeguarding", reason="Worried.",
                     article6="vital_interests", article9="safeguarding", reauthenticated=True)
    assert "at least 40 characters" in errors["reason"]


def test_a_disclosure_with_no_category_is_refused_by_the_categories(world):
    consent(world)
    assert refusal(world, categories=[])["categories"] == "Select at least one kind of information shared"
    assert not Disclosure.objects.exists()


def test_the_extract_alone_is_enough_to_say_what_was_shared(world):
    consent(world, categories=("referral",))
    disclosure = share(world, categories=["referral"], summary="", with_extract=True)
    assert disclosure.summary == "" and "Concerns: Seen getting into cars" in disclosure.extract


def test_an_answer_to_a_request_goes_to_the_agency_that_asked(world):
    consent(world, agencies=[world.police_a, world.csc_b])
    errors = refusal(world, to_agency=world.csc_b, information_request=world.request_a())
    assert "answers Northshire Police's request" in errors["to_agency"]


# --- The share page ------------------------------------------------------------------------


def share_url(world, **query):
    url = reverse("sharing:share", kwargs={"ref": person_of(world).uuid})
    return url + ("?request=" + str(query["request"]) if "request" in query else "")


def posted(world, **overrides) -> dict:
    today_ = today()
    data = {"to_agency": str(world.police_a.uuid), "recipient_name": "DC Example", "recipient_role": "CSE team",
            "categories": ["risk"], "summary": "Risk is high: seen with older men.", "route": "consent",
            "reason": "For the strategy meeting.", "shared_on_day": str(today_.day),
            "shared_on_month": str(today_.month), "shared_on_year": str(today_.year), "step": "share"}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_the_share_page_is_for_those_who_may_record_on_the_record(world, signed_in):
    url = share_url(world)
    assert signed_in("worker_a").get(url).status_code == 200
    assert signed_in("manager_a").get(url).status_code == 200
    assert signed_in("hub_worker_a").get(url).status_code == 404  # a spoke's record
    assert signed_in("partner_a").get(url).status_code == 404


def test_a_worker_shares_under_an_agreement_through_the_page(world, signed_in):
    version = world.agreement_a().current
    client = signed_in("worker_a")
    response = client.post(share_url(world), posted(world, route="agreement", agreement=str(version.agreement.current.uuid)))
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure = Disclosure.objects.get()
    assert response["Location"] == reverse("sharing:disclosure", kwargs={"ref": disclosure.uuid})
    assert disclosure.agreement_version == version and disclosure.recipient_role == "CSE team"


def test_the_agreements_offered_are_those_covering_the_chosen_agency(world, signed_in):
    world.agreement_a()
    client = signed_in("worker_a")
    page = client.get(share_url(world)).content.decode()
    assert "Select the agency first" in page and "Northshire exploitation protocol" not in page
    response = client.post(share_url(world), posted(world, step="agreements"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Northshire exploitation protocol (version 1)" in page
    assert not Disclosure.objects.exists()
    response = client.post(share_url(world), posted(world, step="agreements", to_agency=str(world.csc_b.uuid)))
    assert "None of the service's agreements in force today has" in response.content.decode()
    # Half-filled, the form is shown again as typed, not judged: nothing was submitted yet.
    response = client.post(share_url(world), {"step": "agreements", "to_agency": str(world.police_a.uuid)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" not in page and "Northshire exploitation protocol (version 1)" in page


@pytest.mark.parametrize(("setup", "overrides", "field", "message"), [
    ("none", {"to_agency": "csc_b", "route": "agreement", "agreement": "agreement_a"}, "agreement",
     "This agency is not a party to this agreement"),
    ("withdrawn", {}, "route", "was withdrawn on"),
    ("expired", {"route": "agreement", "agreement": "expired"}, "agreement", "This agreement ended on"),
    ("none", {"categories": None}, "categories", "Select at least one kind of information shared"),
    ("none", {"route": "agreement", "agreement": "agreement_a", "categories": ["health"]}, "agreement",
     "This agreement does not cover health"),
])
def test_every_refusal_shows_by_its_field_with_everything_typed_kept(world, signed_in, setup, overrides, field,
                                                                     message):
    made = {"agreement_a": world.agreement_a().current}
    if setup == "withdrawn":
        given = consent(world)
        actions.withdraw_consent(actor=world.worker_a, consent=given, withdrawn_on=today(),
                                 withdrawn_by="young_person", words="No more.")
    made["expired"] = agreement(world, title="Old protocol", ends_on=today() - dt.timedelta(days=2)).current
    values = dict(overrides)
    if values.get("to_agency") == "csc_b":
        values["to_agency"] = str(world.csc_b.uuid)
    if "agreement" in values:
        values["agreement"] = str(made[values["agreement"]].uuid)
    response = signed_in("worker_a").post(share_url(world), posted(world, **values))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'id="id_{field}-error"' in page
    error = page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    # Everything typed is kept.
    assert "DC Example" in page and "CSE team" in page and "For the strategy meeting." in page
    assert "Risk is high: seen with older men." in page
    assert f'value="{values.get("to_agency", str(world.police_a.uuid))}" selected' in page
    assert not Disclosure.objects.exists()


def test_an_empty_form_says_what_is_missing_by_each_field(world, signed_in):
    response = signed_in("worker_a").post(share_url(world), {"step": "share"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Select the agency the information was shared with", "Enter the name of the person you shared",
                    "Select at least one kind of information shared", "Enter what was shared, or include the extract",
                    "Select how the sharing is lawful", "Enter why it was shared", "Enter the date shared"):
        assert message in page


def test_preview_shows_the_extract_on_the_page_and_writes_nothing(world, signed_in):
    client = signed_in("worker_a")
    response = client.post(share_url(world), {"step": "preview", "categories": ["identity", "referral"],
                                              "with_extract": "on", "recipient_name": "DC Example"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The extract, as the record reads now" in page
    assert "Name: Casey Example" in page and "Concerns: Seen getting into cars" in page
    assert 'name="with_extract" type="checkbox" value="on" checked' in page and "DC Example" in page
    assert "There is a problem" not in page
    assert not Disclosure.objects.exists()
    looked = AuditEvent.objects.get(request_id=response["X-Request-ID"], subject_ref=str(person_of(world).uuid))
    assert looked.action == "referrals.youngperson.contact_viewed"  # identity carries contact details


def test_a_worker_is_told_to_ask_a_manager_and_cannot_pick_a_one_off(world, signed_in):
    page = signed_in("worker_a").get(share_url(world)).content.decode()
    assert 'value="safeguarding" disabled' in page
    assert "Only a manager of the service can make a one-off safeguarding decision" in page and "Manager A" in page
    # Posted anyway, the action refuses it by the route, and no password is asked.
    response = signed_in("worker_a").post(share_url(world), posted(world, route="safeguarding", reason=RATIONALE,
                                                                   article6="vital_interests",
                                                                   article9="safeguarding"))
    assert response.status_code == 400
    assert "decided by a manager of the service" in response.content.decode()
    assert not Disclosure.objects.exists()


def one_off(world):
    return posted(world, route="safeguarding", reason=RATIONALE, article6="vital_interests", article9="safeguarding",
                  categories=["risk", "missing"])


def test_a_manager_who_signed_in_long_ago_reauthenticates_and_the_share_is_resumed_as_typed(world, signed_in):
    other = second_manager(world)
    client = signed_in("manager_a")  # signed in, but not within the re-authentication timeout
    response = client.post(share_url(world), one_off(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Disclosure.objects.exists()
    # Entering the password resumes the POST that was suspended, with everything typed.
    response = client.post(response["Location"], {"password": PASSWORD})
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sharing:disclosure", kwargs={"ref": disclosure.uuid})
    assert disclosure.route == Route.SAFEGUARDING and disclosure.reason == RATIONALE
    assert disclosure.categories == ["risk", "missing"]
    event = AuditEvent.objects.get(action="sharing.disclosure.recorded", subject_ref=str(disclosure.uuid))
    assert event.detail["reauthenticated"] is True
    assert Notification.objects.filter(recipient=other, kind=actions.SAFEGUARDING_SHARE).exists()


def test_a_reauthentication_that_has_timed_out_is_asked_again(world, signed_in, time_machine, settings):
    time_machine.move_to(dt.datetime.now(dt.UTC), tick=False)
    client = signed_in("manager_a", recent=True)
    time_machine.shift(settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 5)
    response = client.post(share_url(world), one_off(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Disclosure.objects.exists()


def test_a_recently_reauthenticated_manager_shares_at_once(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(share_url(world), one_off(world))
    assert response.status_code == 302 and "/disclosures/" in response["Location"]
    assert Disclosure.objects.get().route == Route.SAFEGUARDING


def test_a_short_rationale_is_shown_before_any_password_is_asked(world, signed_in):
    client = signed_in("manager_a")
    response = client.post(share_url(world), {**one_off(world), "reason": "Worried about her."})
    assert response.status_code == 400
    assert "at least 40 characters" in response.content.decode()


def test_the_manager_sees_the_one_off_with_its_lawful_basis(world, signed_in):
    page = signed_in("manager_a").get(share_url(world)).content.decode()
    assert 'value="safeguarding" disabled' not in page
    assert 'name="article6"' in page and "Vital interests (Article 6(1)(d))" in page
    assert "Consent (Article 6(1)(a))" not in page  # consent is its own route


def test_a_request_prefills_the_page_and_is_answered_by_the_share(world, signed_in):
    asked = world.request_a()
    version = world.agreement_a().current
    client = signed_in("manager_a")
    response = client.get(share_url(world, request=asked.uuid))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Answering a request from Northshire Police" in page
    assert f'name="information_request" value="{asked.uuid}"' in page
    assert f'value="{world.police_a.uuid}" selected' in page
    response = client.post(share_url(world), posted(world, route="agreement", agreement=str(version.uuid),
                                                    information_request=str(asked.uuid)))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.SHARED
    assert Disclosure.objects.get().information_request == asked


def test_only_managers_answer_a_request_and_a_made_up_one_is_missing(world, signed_in):
    asked = world.request_a()
    # Requests are the managers' and the asking agency's: to a worker it does not exist.
    assert signed_in("worker_a").get(share_url(world, request=asked.uuid)).status_code == 404
    assert signed_in("manager_a").get(share_url(world, request=uuid.uuid4())).status_code == 404
    assert signed_in("manager_a").get(share_url(world, request="not-a-uuid")).status_code == 404


# --- Decisions not to share ---------------------------------------------------------------


def not_shared_url(world, **query):
    url = reverse("sharing:not_shared_new", kwargs={"ref": person_of(world).uuid})
    return url + ("?request=" + str(query["request"]) if "request" in query else "")


def test_a_decision_not_to_share_is_recorded(world, signed_in):
    today_ = today()
    response = signed_in("worker_a").post(not_shared_url(world), {
        "what_was_asked": "Her new address.", "asked_by_name": "A youth club leader", "categories": ["identity"],
        "reason": "No safeguarding need, and she asked us not to.", "decided_on_day": today_.day,
        "decided_on_month": today_.month, "decided_on_year": today_.year,
    })
    assert response.status_code == 302
    decision = DecisionNotToShare.objects.get()
    assert (decision.asked_by_name, decision.categories, decision.decided_by) == (
        "A youth club leader", ["identity"], world.worker_a)


def test_a_decision_not_to_share_needs_what_who_and_why(world, signed_in):
    response = signed_in("worker_a").post(not_shared_url(world), {"what_was_asked": "Her address."})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Enter who asked: their agency or their name", "Enter why it was not shared",
                    "Enter the date decided"):
        assert message in page
    assert "Her address." in page
    assert not DecisionNotToShare.objects.exists()


def test_a_decision_not_to_share_answers_a_request(world, signed_in):
    asked = world.request_a()
    client = signed_in("manager_a")
    page = client.get(not_shared_url(world, request=asked.uuid)).content.decode()
    assert "Her current risk level." in page and f'value="{world.police_a.uuid}" selected' in page
    today_ = today()
    response = client.post(not_shared_url(world), {
        "what_was_asked": "Her current risk level.", "asked_by_agency": str(world.police_a.uuid),
        "reason": "She is 17 and competent, and refused; no one is at risk of serious harm.",
        "decided_on_day": today_.day, "decided_on_month": today_.month, "decided_on_year": today_.year,
        "information_request": str(asked.uuid),
    })
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.NOT_SHARED
    assert DecisionNotToShare.objects.get().information_request == asked


# --- One young person's sharing ------------------------------------------------------------


def test_the_sharing_history_lists_disclosures_and_decisions_newest_first(world, signed_in):
    consent(world)
    older = share(world, shared_on=today() - dt.timedelta(days=3), summary="Old news.")
    actions.record_decision_not_to_share(actor=world.worker_a, service=world.service_a, young_person=person_of(world),
                                         what_was_asked="Her school.", asked_by_name="A neighbour",
                                         reason="No need.", decided_on=today() - dt.timedelta(days=1))
    newest = share(world)
    url = reverse("sharing:young_person_sharing", kwargs={"ref": person_of(world).uuid})
    response = signed_in("worker_a").get(url)
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(str(newest.uuid)), page.index("A neighbour"), page.index(str(older.uuid))]
    assert positions == sorted(positions)
    assert signed_in("hub_worker_a").get(url).status_code == 404
    assert signed_in("partner_a").get(url).status_code == 404


def test_the_sharing_history_reads_a_fixed_number_of_queries(world, signed_in):
    consent(world)
    share(world)
    client = signed_in("worker_a")
    url = reverse("sharing:young_person_sharing", kwargs={"ref": person_of(world).uuid})

    def grow():
        version = world.agreement_a().current
        for n in range(4):
            share(world, summary=f"Update {n}.")
            share(world, route="agreement", agreement=version)
            actions.record_decision_not_to_share(actor=world.worker_a, service=world.service_a,
                                                 young_person=person_of(world), what_was_asked="More.",
                                                 asked_by_agency=world.csc_b, reason="No.")

    assert_flat_queries(lambda: client.get(url), grow)


def test_the_share_page_reads_a_fixed_number_of_queries_however_many_agencies(world, signed_in):
    world.agreement_a()
    client = signed_in("worker_a")
    url, data = share_url(world), posted(world, step="agreements")

    def grow():
        for n in range(6):
            Agency.objects.create(name=f"Agency {n}", agency_type=AgencyType.OTHER)

    assert_flat_queries(lambda: client.post(url, data), grow)


# --- Transfers ---------------------------------------------------------------------------


def test_a_transfer_to_another_service_is_a_disclosure_when_asked_and_again_when_accepted(world):
    from hubspoke.cases.actions import accept_transfer

    transfer = world.transfer_a()
    person = person_of(world)
    asked = Disclosure.objects.get()
    assert (asked.route, asked.to_service, asked.young_person) == (Route.TRANSFER, world.service_b, person)
    assert asked.categories == ["identity", "referral"]
    assert asked.summary == "Moved to Southshire with her aunt." and asked.decided_by == world.worker_a
    accept_transfer(actor=world.outsider, transfer=transfer, worker=world.outsider)
    copied = Disclosure.objects.exclude(pk=asked.pk).get()
    assert copied.categories == ["identity", "health"] and copied.to_service == world.service_b
    assert copied.decided_by == world.worker_a and copied.recorded_by == world.outsider
    assert copied.young_person == person and copied.service == world.service_a


def test_a_move_between_spokes_of_one_service_is_not_a_disclosure(world):
    from hubspoke.cases.actions import accept_transfer, request_transfer

    transfer = request_transfer(actor=world.worker_a, case=world.case_a(), to_service=world.service_a,
                                to_spoke=world.spoke_a2, handover_summary="Moving to outreach.")
    accept_transfer(actor=world.manager_a, transfer=transfer, worker=world.manager_a)
    assert not Disclosure.objects.exists()



# --- The young person's own information, given to them ------------------------------------


def test_giving_the_young_person_their_own_information_is_a_disclosure_to_them(world):
    person = person_of(world)
    given = actions.record_given_to_subject(
        actor=world.worker_a, young_person=person, given_to="young_person", summary="Her story, version 1.",
        categories=["referral", "plan"], reason="She asked to read her own story.",
    )
    assert given.route == Route.SUBJECT and given.to_agency is None and given.to_service is None
    assert given.recipient == "the young person" and given.disclosed_name == actions.disclosed_name_of(person)
    row = AuditEvent.objects.get(action="sharing.disclosure.recorded", subject_ref=str(given.uuid))
    assert row.detail["given_to"] == "young_person" and row.detail["route"] == "subject"
    assert Disclosure.objects.filter(young_person=person, route=Route.SUBJECT).count() == 1


def test_information_given_to_someone_acting_for_the_young_person_names_them(world):
    person = person_of(world)
    with pytest.raises(ValidationError) as caught:
        actions.record_given_to_subject(actor=world.manager_a, young_person=person, given_to="representative",
                                        summary="The answer to a subject access request.", categories=["referral"],
                                        reason="Article 15 request.", article6="legal_obligation")
    assert "Enter the name of the person it was given to" in caught.value.message_dict["recipient_name"]
    given = actions.record_given_to_subject(
        actor=world.manager_a, young_person=person, given_to="representative", recipient_name="A. Solicitor",
        summary="The answer to a subject access request.", categories=["referral", "health"],
        reason="Article 15 request.", article6="legal_obligation")
    assert given.recipient == "a solicitor or other representative with their authority (A. Solicitor)"
    assert given.article9 == "safeguarding"


def test_a_disclosure_to_the_young_person_cannot_also_name_an_agency(world):
    from django.db import IntegrityError, transaction

    given = actions.record_given_to_subject(actor=world.worker_a, young_person=person_of(world),
                                            given_to="young_person", summary="Story.", categories=["plan"],
                                            reason="Asked for it.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=given.pk).update(to_agency=world.police_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=given.pk).update(to_subject="")


# --- What is shared is about this young person alone ------------------------------------------


def test_a_summary_naming_another_young_person_is_refused_until_checked(world):
    consent(world)
    # Jordan Testcase is the young person of the world's first referral: another of North Hub's.
    problems = refusal(world, summary="Risk is high: seen at the park with Jordan Testcase.")
    assert "“Jordan Testcase” (a name)" in problems["summary"] and "Take it out" in problems["summary"]
    assert not Disclosure.objects.exists()
    shared = share(world, summary="Risk is high: seen at the park with Jordan Testcase.", others_checked=True)
    row = AuditEvent.objects.get(action="sharing.disclosure.recorded", subject_ref=str(shared.uuid))
    assert row.detail["others_checked"] is True


def test_the_young_persons_own_name_and_birthday_are_expected_in_what_is_shared(world):
    consent(world)
    person = person_of(world)
    shared = share(world, summary=f"{person.first_name} {person.last_name}, born {person.date_of_birth:%-d %B %Y}: "
                                  "risk is high.")
    assert shared.pk and AuditEvent.objects.get(subject_ref=str(shared.uuid)).detail["others_checked"] is False


def test_another_young_persons_date_of_birth_is_refused_too(world):
    consent(world)
    from hubspoke.conftest import referral_details
    from hubspoke.referrals.actions import submit_partner_referral

    other = submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Riley", subject_last_name="Synthetic",
                                 subject_date_of_birth=dt.date(2010, 2, 3)),
    )
    assert other.subject_date_of_birth == dt.date(2010, 2, 3)
    problems = refusal(world, summary="Her friend, born 3 February 2010, was there too.")
    assert "“3 February 2010” (a date of birth)" in problems["summary"]


def test_the_share_page_asks_for_the_check_only_once_something_is_found(world, signed_in):
    consent(world)
    client = signed_in("worker_a")
    first = client.get(share_url(world))
    assert "does not name another young person" not in first.content.decode()
    refused = client.post(share_url(world), posted(world, summary="Seen with Jordan Testcase."))
    page = refused.content.decode()
    assert refused.status_code == 400 and "“Jordan Testcase” (a name)" in page
    assert 'name="others_checked"' in page and "Seen with Jordan Testcase." in page
    recorded = client.post(share_url(world), posted(world, summary="Seen with Jordan Testcase.", others_checked="on"))
    assert recorded.status_code == 302 and Disclosure.objects.count() == 1


def test_what_an_agency_is_told_of_a_decision_not_to_share_names_nobody_else(world, signed_in):
    from hubspoke.sharing.actions import request_information

    asked = request_information(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                fields={"categories": ["risk"], "what_is_needed": "Anything known.",
                                        "reason": "A meeting.", "urgency": "routine",
                                        "about": "A girl of about 14 seen near the station."})
    client = signed_in("manager_a")
    url = reverse("sharing:request_decline", kwargs={"ref": asked.uuid})
    data = {"reason": "Nothing lawful to share.", "told_to_agency": "We cannot share anything about Jordan Testcase."}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "“Jordan Testcase” (a name)" in refused.content.decode()
    assert 'name="others_checked"' in refused.content.decode()
    assert not DecisionNotToShare.objects.exists()
    assert client.post(url, {**data, "others_checked": "on"}).status_code == 302
    assert DecisionNotToShare.objects.get().told_to_agency.endswith("Jordan Testcase.")
