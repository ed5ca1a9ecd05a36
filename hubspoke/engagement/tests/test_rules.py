"""The rules of each kind of work, whoever calls the actions: dates, numbers that add up, the
escalation's stages, who may change what, and a record that becomes part of a young person's."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.chronology import events_for
from hubspoke.engagement import actions, queries
from hubspoke.engagement.kinds import KINDS
from hubspoke.lib.dates import today
from hubspoke.referrals.actions import accept_referral

pytestmark = pytest.mark.django_db

YESTERDAY = today() - dt.timedelta(days=1)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_consultation_that_led_to_a_referral_becomes_part_of_the_young_persons_record(world, signed_in):
    referral = world.referral_a  # waiting at the hub
    consultation = actions.record_consultation(
        actor=world.hub_worker_a, held_on=YESTERDAY, agency_type="police", method="phone",
        concern="Seen in cars at night", outcome="referral_made", referral=referral)
    assert consultation.spoke is None and consultation.young_person is None
    hub = signed_in("hub_worker_a")
    url = f"/engagement/consultations/{consultation.uuid}/"
    assert hub.get(url).status_code == 200
    # Accepted at spoke A1: the consultation is now seen as her record is, there.
    accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1)
    referral.refresh_from_db()
    assert referral.young_person is not None
    assert hub.get(url).status_code == 404
    assert signed_in("worker_a").get(url).status_code == 200
    assert AuditEvent.objects.filter(subject_ref=str(referral.young_person.uuid),
                                     action="engagement.consultation.viewed").exists()
    assert consultation not in queries.records(world.hub_worker_a, KINDS["consultations"])


def test_a_referral_made_names_the_referral_and_only_one_the_person_may_see(world):
    errors = _errors(lambda: actions.record_consultation(
        actor=world.worker_a, held_on=YESTERDAY, agency_type="police", method="phone", concern="A concern",
        outcome="referral_made"))
    assert "Select the referral that was made" in errors["referral"][0]
    errors = _errors(lambda: actions.record_consultation(
        actor=world.outsider, held_on=YESTERDAY, agency_type="police", method="phone", concern="A concern",
        outcome="referral_made", referral=world.referral_a))
    assert errors["referral"] == ["Select a referral from the list"]
    errors = _errors(lambda: actions.record_consultation(
        actor=world.worker_a, held_on=YESTERDAY, agency_type="police", method="phone", concern="A concern",
        outcome="signposted"))
    assert errors["signposted_to"] == ["Enter where they were signposted to"]


def test_who_may_change_a_record(world, signed_in):
    meeting = actions.record_meeting(actor=world.worker_a, held_on=YESTERDAY, kind="exploitation_panel",
                                     title="MACE", role="member")
    with pytest.raises(PermissionDenied):
        actions.record_meeting(actor=world.hub_worker_a, held_on=YESTERDAY, kind="exploitation_panel",
                               title="Changed", role="chair", instance=meeting)
    changed = actions.record_meeting(actor=world.manager_a, held_on=YESTERDAY, kind="exploitation_panel",
                                     title="Northshire MACE", role="chair", outputs=["pathway"], instance=meeting)
    assert (changed.title, changed.role, changed.outputs, changed.spoke) == ("Northshire MACE", "chair", ["pathway"],
                                                                               world.spoke_a1)
    assert signed_in("hub_worker_a").get(f"/engagement/meetings/{meeting.uuid}/change/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.record_meeting(actor=world.partner_a, held_on=YESTERDAY, kind="other", title="A", role="member")


def test_numbers_that_do_not_add_up_and_dates_to_come_are_refused(world):
    errors = _errors(lambda: actions.record_prevention(
        actor=world.worker_a, held_on=today() + dt.timedelta(days=1), setting="school", setting_name="Year 10",
        format="lesson", topics=["consent"], minutes=45, reached=10, ages={"age_14_15": 10},
        genders={"girls": 4, "boys": 4}, follow_up_referrals=11))
    assert errors["held_on"] == ["The date of the session must be today or in the past"]
    assert "add up to 8, not 10" in errors["girls"][0]
    assert "age_under_11" not in errors
    assert errors["follow_up_referrals"] == ["Referrals made afterwards cannot be more than the number who took part"]
    errors = _errors(lambda: actions.record_training(
        actor=world.worker_a, held_on=YESTERDAY, topic="Awareness", minutes=0, attended=5, audience={"police": -1}))
    assert errors["minutes"] == ["Enter how long it was, from 1 to 1440 minutes"]
    assert errors["police"] == ["Police: enter a number from 0 to 5000"]
    errors = _errors(lambda: actions.record_meeting(
        actor=world.worker_a, held_on=YESTERDAY, kind="panel", title="", role="member", outputs=["gossip"]))
    assert set(errors) == {"kind", "title", "outputs"}


def test_a_challenges_stages_responses_and_end(world):
    challenge = actions.record_challenge(
        actor=world.worker_a, held_on=today() - dt.timedelta(days=20), direction="by_service", about="screened_out",
        agency_type="childrens_social_care", issue="Screened out.", stage=2, raised_with="Team manager")
    first = challenge.steps.get()
    errors = _errors(lambda: actions.record_response(
        actor=world.worker_a, challenge=challenge, step=first, response="No.", response_on=today() - dt.timedelta(
            days=30)))
    assert errors["response_on"] == ["The response cannot come before the challenge was raised at this stage"]
    actions.record_response(actor=world.worker_a, challenge=challenge, step=first, response="We will look again.",
                            response_on=today() - dt.timedelta(days=15))
    errors = _errors(lambda: actions.escalate(actor=world.worker_a, challenge=challenge, stage=3,
                                              raised_on=today() - dt.timedelta(days=25), raised_with="Head of service"))
    assert errors["raised_on"] == ["It cannot be raised at this stage before the last stage was raised"]
    actions.escalate(actor=world.worker_a, challenge=challenge, stage=4, raised_on=YESTERDAY,
                     raised_with="Safeguarding partnership business manager")
    with pytest.raises(PermissionDenied):
        actions.end_challenge(actor=world.hub_worker_a, challenge=challenge, outcome="changed", ended_on=today())
    errors = _errors(lambda: actions.end_challenge(actor=world.manager_a, challenge=challenge, outcome="open",
                                                   ended_on=today()))
    assert errors["outcome"] == ["Select how it ended"]
    ended = actions.end_challenge(actor=world.manager_a, challenge=challenge, outcome="changed", ended_on=today(),
                                  note="The case was opened for assessment.")
    assert (ended.outcome, ended.stage, ended.ended_on) == ("changed", 4, today())
    with pytest.raises(ValidationError, match="already ended"):
        actions.end_challenge(actor=world.manager_a, challenge=challenge, outcome="withdrawn", ended_on=today())
    with pytest.raises(ValidationError, match="cannot be raised again"):
        actions.escalate(actor=world.manager_a, challenge=challenge, stage=4, raised_on=today(), raised_with="x")


def test_a_dispute_of_our_triage_is_about_our_triage_and_nothing_else(world):
    errors = _errors(lambda: actions.record_challenge(
        actor=world.manager_a, held_on=YESTERDAY, direction="of_service", about="case_closed", agency_type="police",
        issue="They say we should have accepted.", stage=1, raised_with="Our duty worker"))
    assert "Our triage decision" in errors["about"][0]
    errors = _errors(lambda: actions.record_challenge(
        actor=world.manager_a, held_on=YESTERDAY, direction="by_service", about="triage", agency_type="police",
        issue="x", stage=1, raised_with="y"))
    assert "A referrer disputed our decision" in errors["about"][0]
    made = actions.record_challenge(
        actor=world.manager_a, held_on=YESTERDAY, direction="of_service", about="triage", agency_type="police",
        issue="They say we should have accepted.", stage=1, raised_with="Our duty worker", referral=world.referral_a)
    assert made.referral == world.referral_a and made.spoke is None


def test_a_case_chronology_shows_its_challenges_without_their_words(world):
    case = world.case_a()
    challenge = actions.record_challenge(
        actor=world.worker_a, held_on=today() - dt.timedelta(days=9), direction="by_service", about="childs_plan",
        agency_type="childrens_social_care", issue="The plan leaves out the missing episodes.", stage=1,
        raised_with="Social worker", case=case)
    actions.escalate(actor=world.worker_a, challenge=challenge, stage=2, raised_on=YESTERDAY, raised_with="Manager")
    events = [e for e in events_for(case, may_read_restricted=True) if e.kind == "engagement"]
    assert [e.title for e in events] == ["Challenge raised", "Challenge escalated"] or \
        [e.title for e in events] == ["Challenge escalated", "Challenge raised"]
    assert all("missing episodes" not in e.text for e in events)


def test_the_subject_access_gathering_includes_the_work_about_them(world):
    from hubspoke.engagement.personal_data import gather

    case = world.case_a()
    actions.record_challenge(
        actor=world.worker_a, held_on=YESTERDAY, direction="by_service", about="childs_plan",
        agency_type="childrens_social_care", issue="The plan leaves out the missing episodes.", stage=1,
        raised_with="Social worker", case=case)
    parts = gather(case.young_person)
    assert parts and parts[0].key == "engagement"
    texts = [f.text for e in parts[0].entries for f in e.fields]
    assert "The plan leaves out the missing episodes." in texts
