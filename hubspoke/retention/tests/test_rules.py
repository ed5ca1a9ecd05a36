import datetime as dt

from hubspoke.retention import rules
from hubspoke.retention.models import DisposalReason, RecordKind
from hubspoke.retention.rules import PersonFacts

PERIODS = rules.default_periods()


def test_defaults():
    assert PERIODS == {RecordKind.CASE_RECORD: 75, RecordKind.NO_CASE_RECORD: 25, RecordKind.DECLINED_REFERRAL: 6}


def test_a_case_record_is_kept_until_the_75th_birthday():
    facts = PersonFacts(date_of_birth=dt.date(2010, 11, 23), has_case=True, last_case_closed=dt.date(2027, 1, 1))
    assert rules.person_review_on(facts, PERIODS) == dt.date(2085, 11, 23)


def test_never_due_while_a_case_is_open_or_a_referral_is_undecided():
    born = dt.date(1950, 1, 1)
    assert rules.person_review_on(PersonFacts(date_of_birth=born, has_case=True, open_case=True), PERIODS) is None
    assert rules.person_review_on(PersonFacts(date_of_birth=born, undecided_referral=True), PERIODS) is None


def test_a_record_with_no_case_is_kept_to_25_and_at_least_six_years_after_the_decision():
    facts = PersonFacts(date_of_birth=dt.date(2001, 6, 1), last_decision=dt.date(2024, 3, 1))
    assert rules.person_review_on(facts, PERIODS) == dt.date(2030, 3, 1)
    facts = PersonFacts(date_of_birth=dt.date(2010, 6, 1), last_decision=dt.date(2024, 3, 1))
    assert rules.person_review_on(facts, PERIODS) == dt.date(2035, 6, 1)


def test_an_estimated_age_stands_in_for_the_date_of_birth():
    facts = PersonFacts(estimated_age=14, estimated_on=dt.date(2024, 5, 1), has_case=True)
    assert rules.person_review_on(facts, PERIODS) == dt.date(2085, 5, 1)


def test_without_any_birth_date_the_period_counts_from_the_last_event():
    facts = PersonFacts(has_case=True, last_case_closed=dt.date(2026, 2, 1), created_on=dt.date(2025, 1, 1))
    assert rules.person_review_on(facts, PERIODS) == dt.date(2101, 2, 1)


def test_a_leap_day_birthday_falls_on_the_first_of_march():
    assert rules.add_years(dt.date(2012, 2, 29), 75) == dt.date(2087, 3, 1)


def test_a_declined_referral_is_kept_six_years_after_the_decision():
    assert rules.referral_review_on(dt.date(2020, 4, 5), PERIODS) == dt.date(2026, 4, 5)
    assert rules.referral_review_on(None, PERIODS) is None


def test_a_changed_period_is_used():
    periods = {**PERIODS, RecordKind.DECLINED_REFERRAL: 10}
    assert rules.referral_review_on(dt.date(2020, 4, 5), periods) == dt.date(2030, 4, 5)


def test_a_hold_refuses_every_reason():
    today = dt.date(2100, 1, 1)
    for reason in DisposalReason.values:
        assert "legal hold" in rules.refusal(held=True, review_on=dt.date(2000, 1, 1), reason=reason, today=today)


def test_a_record_in_use_refuses_every_reason():
    for reason in DisposalReason.values:
        assert rules.refusal(held=False, review_on=None, reason=reason, today=dt.date(2026, 1, 1))


def test_the_period_ending_is_a_reason_only_once_it_has_ended():
    review = dt.date(2030, 1, 1)
    assert rules.refusal(held=False, review_on=review, reason="period_ended", today=dt.date(2029, 12, 31))
    assert rules.refusal(held=False, review_on=review, reason="period_ended", today=review) is None
    assert rules.refusal(held=False, review_on=review, reason="made_in_error", today=dt.date(2026, 1, 1)) is None


def test_ordinals():
    assert [rules.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 25, 75, 101, 111)] == [
        "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "25th", "75th", "101st", "111th"]
