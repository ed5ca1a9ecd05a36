"""Consent pages: recording a decision, its history, withdrawing it; the panel on the young
person's page; the referral's consent as the first record (by accept_referral and by the data
migration for referrals accepted earlier)."""

import datetime as dt
import importlib
import uuid

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.apps import apps as django_apps
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries, make_person, referral_details
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Agency, AgencyType, LocalAuthority, Region, Role
from hubspoke.referrals.actions import accept_referral, submit_partner_referral
from hubspoke.sharing import actions
from hubspoke.sharing.models import ConsentRecord

MIGRATION = importlib.import_module("hubspoke.sharing.migrations.0002_consent_from_accepted_referrals")


@pytest.fixture
def person(world):
    return world.case_a().young_person


def url(name, ref):
    return reverse(f"sharing:{name}", kwargs={"ref": ref})


def date_parts(name, value):
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def form_data(world, **overrides):
    data = {"decision": "given", "given_by": "young_person", "given_by_name": "", "why_this_person": "",
            "competence_note": "She explained back what would be shared and why, and knows she can say stop.",
            "agencies": [world.police_a.pk], "categories": ["risk", "plan"], "method": "in_person",
            **date_parts("given_on", today()), "revisit_on_day": "", "revisit_on_month": "", "revisit_on_year": "",
            "notes": ""}
    data.update(overrides)
    return data


def record(world, person, **fields):
    values = {"decision": "given", "given_by": "young_person", "competence_note": "Understood it.",
              "categories": ["risk"], "method": "in_person", "given_on": today()}
    values.update(fields)
    agencies = values.pop("agencies", [world.police_a])
    return actions.record_consent(actor=world.worker_a, young_person=person, fields=values, agencies=agencies)


def colleague_on_spoke_a1(world, client):
    """A spoke worker at spoke A1 who sees the record but is not allocated to the case."""
    colleague = make_person("colleague", totp_secret=generate_totp_secret())
    network_actions.add_membership(actor=world.manager_a, person=colleague, role=Role.SPOKE_WORKER,
                                   place=world.spoke_a1, starts_on=dt.date(2024, 1, 1))
    client.force_login(colleague)
    return client


# --- Recording ------------------------------------------------------------------------------


def test_the_allocated_worker_records_a_decision_and_it_is_audited(signed_in, world, person):
    client = signed_in("worker_a")
    assert client.get(url("consent_new", person.uuid)).status_code == 200
    response = client.post(url("consent_new", person.uuid), form_data(world, revisit_on_day="1", revisit_on_month="1",
                                                                      revisit_on_year=str(today().year + 1)))
    assert response.status_code == 302 and response["Location"] == url("consent", person.uuid)
    made = ConsentRecord.objects.filter(young_person=person, referral=None).get()
    assert made.decision == "given" and made.categories == ["risk", "plan"]
    assert list(made.agencies.all()) == [world.police_a]
    assert made.revisit_on == dt.date(today().year + 1, 1, 1) and made.created_by == world.worker_a
    assert AuditEvent.objects.filter(action="sharing.consent.recorded", subject_ref=str(made.uuid)).exists()


def test_a_parent_deciding_says_who_and_why(signed_in, world, person):
    client = signed_in("manager_a")
    response = client.post(url("consent_new", person.uuid), form_data(
        world, given_by="parent_carer", given_by_name="Jo Example", why_this_person="She is 12 and could not "
        "weigh it up.", competence_note="", decision="refused"))
    assert response.status_code == 302
    made = ConsentRecord.objects.get(young_person=person, referral=None)
    assert (made.given_by, made.given_by_name, made.decision) == ("parent_carer", "Jo Example", "refused")


def test_bad_input_is_shown_by_each_field_with_everything_typed_kept(signed_in, world, person):
    client = signed_in("worker_a")
    response = client.post(url("consent_new", person.uuid), form_data(
        world, given_by="parent_carer", given_by_name="", why_this_person="", agencies=[], categories=[],
        given_on_day="31", given_on_month="2", given_on_year="2026", notes="Spoke at the youth centre.",
        method="", competence_note="She was worried about her mum finding out."))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["given_on"] == ["The date of the decision must be a real date"]
    assert errors["method"] == ["Select how they gave their decision"]
    page = response.content.decode()
    assert "govuk-error-summary" in page
    for typed in ("Spoke at the youth centre.", "She was worried about her mum finding out.", 'value="31"'):
        assert typed in page
    assert not ConsentRecord.objects.filter(young_person=person, referral=None).exists()
    # With the form's own errors put right, the action's come back by the field.
    response = client.post(url("consent_new", person.uuid), form_data(
        world, given_by="parent_carer", given_by_name="", why_this_person="", agencies=[], categories=[],
        notes="Spoke at the youth centre."))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["given_by_name"] == ["Enter the name of the person who decided"]
    assert errors["why_this_person"] == ["Enter why this person decided, not the young person"]
    assert errors["agencies"] == ["Select at least one agency"]
    assert errors["categories"] == ["Select at least one kind of information"]
    page = response.content.decode()
    assert "Spoke at the youth centre." in page and 'value="parent_carer" checked' in page


def test_a_decision_in_the_future_or_revisited_before_it_was_made_is_refused(signed_in, world, person):
    client = signed_in("worker_a")
    tomorrow = today() + dt.timedelta(days=1)
    response = client.post(url("consent_new", person.uuid), form_data(world, **date_parts("given_on", tomorrow)))
    assert response.context["form"].errors["given_on"] == ["The date of the decision must be today or in the past"]
    response = client.post(url("consent_new", person.uuid), form_data(world, **date_parts("revisit_on", today())))
    assert response.context["form"].errors["revisit_on"] == [
        "The date to talk about it again must be after the date of the decision"]
    response = client.post(url("consent_new", person.uuid), form_data(world, competence_note=" "))
    assert response.context["form"].errors["competence_note"] == [
        "Enter what the young person understood about what they decided"]


def test_a_forged_agency_or_category_is_an_error_not_a_crash(signed_in, world, person):
    client = signed_in("worker_a")
    response = client.post(url("consent_new", person.uuid), form_data(world, agencies=["999999"],
                                                                      categories=["everything"]))
    assert response.status_code == 400
    assert response.context["form"].errors["categories"] == ["Select kinds of information from the list"]
    assert "agencies" in response.context["form"].errors


def test_the_agencies_come_with_the_young_persons_own_area_first(signed_in, world, person):
    northshire = LocalAuthority.objects.get(name="Northshire")
    person.local_authority = northshire
    person.save(update_fields=["local_authority"])
    far = LocalAuthority.objects.create(name="Farshire", ons_code="E10000099", region=Region.LONDON)
    Agency.objects.create(name="Farshire Youth Project", agency_type=AgencyType.VOLUNTARY, local_authority=far)
    form = signed_in("worker_a").get(url("consent_new", person.uuid)).context["form"]
    groups = [(heading, [a.name for a in agencies], open_) for heading, agencies, open_ in form.agency_groups]
    assert groups[0] == ("In Northshire, or that referred them", ["Northshire Police"], True)
    assert groups[-1] == ("Agencies in other areas",
                          ["Farshire Youth Project", "Southshire Children's Services"], False)
    page = signed_in("worker_a").get(url("consent_new", person.uuid)).content.decode()
    assert page.index("Northshire Police") < page.index("Farshire Youth Project")
    assert '<details class="govuk-details">' in page  # folded away, and opens without script


def test_staff_who_see_the_record_but_may_not_share_get_403(world, person, client):
    colleague = colleague_on_spoke_a1(world, client)
    consent = ConsentRecord.objects.get(young_person=person)
    assert colleague.get(url("consent", person.uuid)).status_code == 200
    assert colleague.get(url("consent_new", person.uuid)).status_code == 403
    assert colleague.post(url("consent_new", person.uuid), form_data(world)).status_code == 403
    assert colleague.get(url("consent_withdraw", consent.uuid)).status_code == 403
    assert ConsentRecord.objects.filter(young_person=person).count() == 1
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(person.uuid)).exists()


def test_out_of_scope_is_the_same_404_as_missing(signed_in, world, person):
    consent = ConsentRecord.objects.get(young_person=person)
    for persona in ("outsider", "partner_a", "hub_worker_a", "programme_lead"):
        client = signed_in(persona)
        for name, ref in (("consent", person.uuid), ("consent_new", person.uuid), ("consent_withdraw", consent.uuid),
                          ("consent_withdraw", uuid.uuid4())):
            assert client.get(url(name, ref)).status_code == 404, (persona, name)
        assert client.post(url("consent_new", person.uuid), form_data(world)).status_code == 404


# --- History and withdrawal ---------------------------------------------------------------


def test_the_history_shows_every_record_newest_first_with_withdrawals(signed_in, world, person, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC))
    older = record(world, person, given_on=dt.date(2026, 2, 1), categories=["plan"])
    actions.withdraw_consent(actor=world.worker_a, consent=older, withdrawn_on=dt.date(2026, 2, 20),
                             withdrawn_by="young_person", words="I do not want the police to see my plan.")
    record(world, person, given_on=dt.date(2026, 2, 25), decision="refused", categories=["health"])
    response = signed_in("manager_a").get(url("consent", person.uuid))
    assert response.status_code == 200
    dates = [row["record"].given_on for row in response.context["rows"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    page = response.content.decode()
    assert "Withdrawn 20 February 2026" in page and "I do not want the police to see my plan." in page
    assert page.index("Said no on 25 February 2026") < page.index("Agreed on 1 February 2026")
    assert "Consent is not the only lawful way to share information" in page


def test_the_history_page_is_flat(signed_in, world, person):
    client = signed_in("manager_a")
    record(world, person)

    def grow():
        for n in range(4):
            made = record(world, person, categories=["plan", "missing"], agencies=[world.police_a, world.csc_b])
            if n % 2:
                actions.withdraw_consent(actor=world.worker_a, consent=made, withdrawn_on=today(),
                                         withdrawn_by="young_person", words="Stop.")

    assert_flat_queries(lambda: client.get(url("consent", person.uuid)), grow)


def test_withdrawing_consent(signed_in, world, person):
    given = record(world, person)
    client = signed_in("worker_a")
    assert client.get(url("consent_withdraw", given.uuid)).status_code == 200
    response = client.post(url("consent_withdraw", given.uuid), {
        **date_parts("withdrawn_on", today()), "withdrawn_by": "young_person",
        "withdrawal_words": "I changed my mind about the police."})
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_on == today() and given.withdrawal_recorded_by == world.worker_a
    assert AuditEvent.objects.filter(action="sharing.consent.withdrawn", subject_ref=str(given.uuid)).exists()
    again = client.post(url("consent_withdraw", given.uuid), {
        **date_parts("withdrawn_on", today()), "withdrawn_by": "young_person", "withdrawal_words": "Again."})
    assert again.status_code == 400 and "already been withdrawn" in again.content.decode()


def test_withdrawal_errors_are_by_the_field_and_keep_what_was_typed(signed_in, world, person, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC))
    given = record(world, person, given_on=dt.date(2026, 2, 10))
    client = signed_in("worker_a")
    response = client.post(url("consent_withdraw", given.uuid), {
        **date_parts("withdrawn_on", dt.date(2026, 2, 1)), "withdrawn_by": "", "withdrawal_words": "Not now."})
    assert response.status_code == 400
    assert response.context["form"].errors["withdrawn_by"] == ["Select who withdrew their consent"]
    assert "Not now." in response.content.decode()
    response = client.post(url("consent_withdraw", given.uuid), {
        **date_parts("withdrawn_on", dt.date(2026, 2, 1)), "withdrawn_by": "parent_carer",
        "withdrawal_words": "Not now."})
    assert response.context["form"].errors["withdrawn_on"] == [
        "The date consent was withdrawn must be on or after the date it was given"]
    given.refresh_from_db()
    assert given.withdrawn_on is None


def test_refused_consent_cannot_be_withdrawn(signed_in, world, person):
    refused = record(world, person, decision="refused")
    client = signed_in("worker_a")
    page = client.get(url("consent_withdraw", refused.uuid)).content.decode()
    assert "Only consent that was given can be withdrawn" in page and "<form" not in page.split("</header>")[-1]
    assert client.post(url("consent_withdraw", refused.uuid), {
        **date_parts("withdrawn_on", today()), "withdrawn_by": "young_person",
        "withdrawal_words": "x"}).status_code == 400


# --- The panel on the young person's page -------------------------------------------------


def young_person_page(client, person):
    return client.get(reverse("referrals:young_person", kwargs={"ref": person.uuid}))


def test_the_panel_says_what_stands_beside_the_reminder(signed_in, world, person):
    record(world, person, categories=["risk", "plan"], given_on=today())
    response = young_person_page(signed_in("worker_a"), person)
    assert response.status_code == 200
    page = response.content.decode()
    assert "agreed that we can share their risk assessment and plan with Northshire Police" in page
    assert "Consent is not the only lawful way to share information" in page
    assert url("consent", person.uuid) in page and url("consent_new", person.uuid) in page


def test_the_panel_shows_a_revisit_date_that_has_passed_as_due(signed_in, world, person, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC))
    record(world, person, given_on=dt.date(2026, 1, 5), revisit_on=dt.date(2026, 2, 5))
    page = young_person_page(signed_in("worker_a"), person).content.decode()
    assert "Due to talk about again" in page and "it was due to be talked about again by 5 February 2026" in page
    time_machine.move_to(dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC))
    page = young_person_page(signed_in("worker_a"), person).content.decode()
    assert "Due to talk about again" not in page


def test_the_panel_links_to_record_only_for_those_who_may_share(world, person, client):
    colleague = colleague_on_spoke_a1(world, client)
    page = young_person_page(colleague, person).content.decode()
    assert url("consent", person.uuid) in page and url("consent_new", person.uuid) not in page
    assert "Consent is not the only lawful way to share information" in page


def test_the_young_persons_page_stays_flat_as_consent_grows(signed_in, world, person):
    client = signed_in("manager_a")

    def grow():
        for _ in range(3):
            record(world, person, categories=["plan"], agencies=[world.police_a, world.csc_b])

    assert_flat_queries(lambda: young_person_page(client, person), grow)


# --- The referral's consent: the first record ---------------------------------------------


def partner_referral(world, **details):
    return submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                   submission_token=uuid.uuid4(), details=referral_details(**details))


@pytest.mark.parametrize(("consent", "decision"), [("given", "given"), ("refused", "refused"),
                                                    ("not_sought", "not_sought")])
def test_accepting_a_referral_makes_its_consent_the_first_record(world, consent, decision):
    extra = {} if consent == "given" else {"lawful_basis": "safeguarding", "consent_reason": "She is at risk now."}
    referral = partner_referral(world, consent=consent, **extra)
    accept_referral(actor=world.manager_a, referral=referral)
    referral.refresh_from_db()
    made = ConsentRecord.objects.get(referral=referral)
    assert made.young_person == referral.young_person and made.decision == decision
    assert (made.given_by, made.method, made.categories) == ("referrer", "referral", ["referral"])
    assert list(made.agencies.all()) == [world.police_a] and made.created_by == world.manager_a
    if consent != "given":
        assert "safeguarding" in made.notes and "She is at risk now." in made.notes
    assert AuditEvent.objects.filter(action="sharing.consent.recorded", subject_ref=str(made.uuid)).exists()


def test_a_referral_linked_to_an_existing_record_adds_to_its_history(world, person):
    record(world, person, categories=["plan"])
    second = partner_referral(world, subject_first_name="Casey", subject_last_name="Example", consent="refused",
                              lawful_basis="safeguarding", consent_reason="Seen with older men again.")
    accept_referral(actor=world.manager_a, referral=second, young_person=person)
    records = ConsentRecord.objects.filter(young_person=person)
    assert records.count() == 3  # the first referral's, the worker's, this referral's
    assert records.get(referral=second).decision == "refused"


def test_the_migration_makes_a_record_for_each_referral_accepted_earlier(world):
    first = world.case_a().young_person
    refused = partner_referral(world, consent="refused", lawful_basis="safeguarding", consent_reason="At risk.")
    accept_referral(actor=world.manager_a, referral=refused)
    # As before consent records existed: the accepted referrals have none.
    ConsentRecord.objects.all().delete()
    MIGRATION.forwards(django_apps, None)
    made = {r.referral_id: r for r in ConsentRecord.objects.all()}
    refused.refresh_from_db()
    assert set(made) == {first.referrals.get().pk, refused.pk}  # the world's waiting referral has none
    assert made[refused.pk].decision == "refused" and made[refused.pk].created_by_id == world.manager_a.pk
    assert "At risk." in made[refused.pk].notes
    assert [a.pk for a in made[refused.pk].agencies.all()] == [world.police_a.pk]
    MIGRATION.forwards(django_apps, None)  # run again: nothing twice
    assert ConsentRecord.objects.count() == 2
