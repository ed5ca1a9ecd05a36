"""Young people's feedback in the return: given and declined by how, and each question's answers."""

import pytest

from hubspoke.lib.dates import today
from hubspoke.monitoring import indicators
from hubspoke.monitoring.periods import quarter_of
from hubspoke.participation import actions

pytestmark = pytest.mark.django_db


def test_feedback_counts_by_way_and_each_answer_by_point(world):
    case = world.case_a()
    actions.give_in_session(actor=world.worker_a, case=case, answers={"helping": 4, "listened": 5},
                            anything_else="Private words.")
    actions.record_declined(actor=world.worker_a, case=case)
    period = quarter_of(today(), world.programme.year_start_month)
    figures = indicators.compute([world.service_a], period.start, period.end)[world.service_a.pk]
    tables = figures["total"]["tables"]
    assert tables["feedback_given"]["given_in_session"]["count"] == 1
    assert tables["feedback_given"]["declined"]["count"] == 1
    assert tables["feedback_given"]["given_by_link"]["count"] == 0
    assert tables["feedback_answers"]["helping"]["4"] == 1
    assert tables["feedback_answers"]["listened"]["5"] == 1
    assert tables["feedback_answers"]["safer"]["left_out"] == 1
    assert "Private words." not in str(figures)
    spoke = str(world.spoke_a1.uuid)
    assert figures["parts"][spoke]["tables"]["feedback_given"]["given_in_session"]["count"] == 1
