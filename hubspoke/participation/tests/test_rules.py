"""When feedback falls due: at the start, then every so many weeks; early answers count; a round
is overdue four weeks after it fell due until the next replaces it."""

import datetime as dt

import pytest

from hubspoke.participation.rules import Status, round_for_feedback, round_on

OPENED = dt.date(2026, 1, 5)  # a Monday


def on(days: int) -> dt.date:
    return OPENED + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("today", "last", "due_on", "status"),
    [
        (on(0), None, on(0), Status.DUE),  # due the day the case opens
        (on(27), None, on(0), Status.DUE),
        (on(28), None, on(0), Status.OVERDUE),  # four weeks later, overdue
        (on(3), on(2), on(0), Status.DONE),
        (on(76), on(2), on(0), Status.DONE),
        (on(77), on(2), on(91), Status.DUE),  # answered; the next round can be answered early
        (on(91), on(2), on(91), Status.DUE),  # 13 weeks on
        (on(119), on(2), on(91), Status.OVERDUE),
        (on(120), on(80), on(91), Status.DONE),  # given 11 days before it fell due: counts
        (on(120), on(76), on(91), Status.OVERDUE),  # 15 days before: counted for the round before
        (on(182), None, on(182), Status.DUE),  # missed rounds are not chased: the latest stands
    ],
)
def test_a_round_falls_due_at_the_start_and_every_thirteen_weeks(today, last, due_on, status):
    r = round_on(opened_on=OPENED, every_weeks=13, last_given_on=last, on=today)
    assert (r.due_on, r.status) == (due_on, status)


def test_a_service_can_ask_more_often():
    r = round_on(opened_on=OPENED, every_weeks=6, last_given_on=on(1), on=on(43))
    assert (r.due_on, r.status, r.next_due_on) == (on(42), Status.DUE, on(84))


def test_feedback_answers_the_round_falling_due_within_two_weeks_or_else_the_last():
    assert round_for_feedback(opened_on=OPENED, every_weeks=13, given_on=on(0)) == on(0)
    assert round_for_feedback(opened_on=OPENED, every_weeks=13, given_on=on(76)) == on(0)  # 15 days early: round 0
    assert round_for_feedback(opened_on=OPENED, every_weeks=13, given_on=on(77)) == on(91)
    assert round_for_feedback(opened_on=OPENED, every_weeks=13, given_on=on(100)) == on(91)
