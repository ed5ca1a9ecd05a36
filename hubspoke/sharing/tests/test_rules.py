"""The consent rules: which record decides for an agency and a kind of information on a day,
whether consent covers a disclosure, and the sentence that says what stands."""

import datetime as dt
import uuid

import pytest

from hubspoke.conftest import referral_details
from hubspoke.network.models import Agency, AgencyType
from hubspoke.referrals.actions import accept_referral, submit_partner_referral
from hubspoke.sharing import actions, queries, rules
from hubspoke.sharing.models import ConsentRecord

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def person(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC))
    young_person = world.case_a().young_person
    # Start from nothing: the referral's own record is tested on its own below.
    ConsentRecord.objects.filter(young_person=young_person).delete()
    return young_person


def record(world, person, *, agencies=None, **fields):
    values = {"decision": "given", "given_by": "young_person", "competence_note": "Understood it.",
              "categories": ["risk"], "method": "in_person", "given_on": DAY}
    values.update(fields)
    return actions.record_consent(actor=world.worker_a, young_person=person, fields=values,
                                  agencies=agencies or [world.police_a])


def records_of(person):
    return queries.consent_records_of(person)


def test_the_newest_record_decides_for_each_agency_and_category(world, person):
    older = record(world, person, categories=["risk", "plan"], agencies=[world.police_a, world.csc_b],
                   given_on=DAY)
    newer = record(world, person, decision="refused", categories=["plan"], agencies=[world.police_a],
                   given_on=DAY + dt.timedelta(days=10))
    records = records_of(person)
    on = DAY + dt.timedelta(days=20)
    police, csc = world.police_a.pk, world.csc_b.pk
    assert rules.consent_decides(records, agency_id=police, category="plan", on=on) == newer
    assert rules.consent_decides(records, agency_id=police, category="risk", on=on) == older
    assert rules.consent_decides(records, agency_id=csc, category="plan", on=on) == older
    assert rules.consent_decides(records, agency_id=police, category="health", on=on) is None
    # Before the newer decision was made, the older one decided.
    assert rules.consent_decides(records, agency_id=police, category="plan", on=DAY) == older
    assert rules.consent_decides(records, agency_id=police, category="plan", on=DAY - dt.timedelta(days=1)) is None
    covering, problem = rules.consent_covering(records, agency_id=police, categories=["risk", "plan"], on=on)
    assert covering is None and problem == "Consent to share plan and actions with this agency was refused"
    covering, problem = rules.consent_covering(records, agency_id=csc, categories=["risk", "plan"], on=on)
    assert covering == older and problem == ""
    assert [r.pk for r in rules.still_deciding(records, on)] == [newer.pk, older.pk]


def test_withdrawn_consent_covers_nothing_from_its_date(world, person):
    given = record(world, person, given_on=DAY)
    actions.withdraw_consent(actor=world.worker_a, consent=given, withdrawn_on=DAY + dt.timedelta(days=5),
                             withdrawn_by="young_person", words="I do not want this any more.")
    records = records_of(person)
    police = world.police_a.pk
    before, _ = rules.consent_covering(records, agency_id=police, categories=["risk"], on=DAY + dt.timedelta(days=4))
    assert before == records[0]
    after, problem = rules.consent_covering(records, agency_id=police, categories=["risk"],
                                            on=DAY + dt.timedelta(days=5))
    assert after is None and problem == "Consent to share risk level and assessment summary with this agency " \
                                        "was withdrawn on 7 March 2026"
    # A withdrawn newest record is not replaced by an older one for the same pair.
    record(world, person, given_on=DAY - dt.timedelta(days=30))
    after, problem = rules.consent_covering(records_of(person), agency_id=police, categories=["risk"],
                                            on=DAY + dt.timedelta(days=6))
    assert after is None and "withdrawn" in problem


def test_refused_and_not_sought_cover_nothing(world, person):
    record(world, person, decision="refused", categories=["risk"])
    covering, problem = rules.consent_covering(records_of(person), agency_id=world.police_a.pk,
                                               categories=["risk"], on=DAY)
    assert covering is None and problem.endswith("was refused")
    referral = submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                       submission_token=uuid.uuid4(), details=referral_details(
                                           consent="not_sought", lawful_basis="safeguarding",
                                           consent_reason="Immediate risk."))
    accept_referral(actor=world.manager_a, referral=referral)
    referral.refresh_from_db()
    records = records_of(referral.young_person)
    covering, problem = rules.consent_covering(records, agency_id=world.police_a.pk, categories=["referral"],
                                               on=records[0].given_on)
    assert covering is None and problem == "Consent to share referral and concerns with this agency was not asked"
    covering, problem = rules.consent_covering(records, agency_id=world.csc_b.pk, categories=["referral"],
                                               on=records[0].given_on)
    assert covering is None and problem == "No consent on record covers sharing referral and concerns with this agency"


# --- The sentence -----------------------------------------------------------------------------


def sentence(person, on=DAY + dt.timedelta(days=1)):
    return rules.consent_sentence(records_of(person), name="Casey", on=on)


def test_sentence_when_nothing_is_recorded(world, person):
    assert sentence(person) == "Nothing is recorded yet about whether Casey agrees to their information being shared."


def test_sentence_when_the_young_person_agreed(world, person):
    health = Agency.objects.create(name="Northshire Health", agency_type=AgencyType.HEALTH_OTHER)
    record(world, person, categories=["plan", "risk", "missing"], agencies=[world.police_a, world.csc_b, health],
           revisit_on=DAY + dt.timedelta(days=90))
    assert sentence(person) == (
        "On 2 March 2026 Casey agreed that we can share their risk assessment, plan and missing episodes with "
        "Northshire Health, Northshire Police and Southshire Children's Services, and we will talk with Casey "
        "about it again by 31 May 2026.")
    assert sentence(person, on=DAY + dt.timedelta(days=91)).endswith(
        "; it was due to be talked about again by 31 May 2026.")


def test_sentence_when_a_parent_decided(world, person):
    record(world, person, given_by="parent_carer", given_by_name="Jo Example", why_this_person="She is 11.",
           competence_note="", categories=["plan"])
    assert sentence(person) == ("On 2 March 2026 Jo Example, their parent or carer, agreed that we can share "
                                "Casey's plan with Northshire Police.")


def test_sentence_when_they_said_no(world, person):
    record(world, person, decision="refused", categories=["health"])
    assert sentence(person) == "On 2 March 2026 Casey said no to sharing their health information with Northshire Police."


def test_sentence_when_consent_was_withdrawn(world, person):
    given = record(world, person, categories=["plan"])
    actions.withdraw_consent(actor=world.worker_a, consent=given, withdrawn_on=DAY + dt.timedelta(days=3),
                             withdrawn_by="young_person", words="Stop sharing.")
    assert sentence(person, on=DAY + dt.timedelta(days=1)).startswith("On 2 March 2026 Casey agreed")
    assert sentence(person, on=DAY + dt.timedelta(days=3)) == (
        "On 5 March 2026 Casey withdrew the agreement given on 2 March 2026 to share their plan with Northshire "
        "Police, so it no longer covers any sharing.")


@pytest.mark.parametrize(("consent", "words"), [
    ("given", "Casey agreed to the referral"),
    ("refused", "Casey did not agree to the referral"),
    ("not_sought", "Casey was not asked for their consent"),
])
def test_sentence_from_the_referral(world, consent, words):
    extra = {} if consent == "given" else {"lawful_basis": "safeguarding", "consent_reason": "At risk now."}
    referral = submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                       submission_token=uuid.uuid4(), details=referral_details(consent=consent, **extra))
    accept_referral(actor=world.manager_a, referral=referral)
    referral.refresh_from_db()
    records = records_of(referral.young_person)
    text = rules.consent_sentence(records, name="Casey", on=records[0].given_on)
    assert text.startswith(f"When Northshire Police referred Casey on {records[0].given_on.day} ")
    assert f", {words}; they have not been asked about sharing anything else since." in text


def test_no_sentence_says_consent_is_needed_to_keep_someone_safe(world, person):
    """The sentence says what was decided, never that sharing is not allowed: that is for the
    reminder beside it, which says the opposite."""
    record(world, person, decision="refused", categories=["risk"])
    for text in (sentence(person), rules.consent_sentence([], name="Casey", on=DAY)):
        lowered = text.lower()
        assert "cannot" not in lowered and "must not" not in lowered and "not allowed" not in lowered
