"""Young people's feedback in the return: given and declined by how, and each question's answers."""

import pytest

from hubspoke.lib.dates import today
from hubspoke.lib.periods import quarter_of
from hubspoke.monitoring import indicators
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


def test_each_open_cases_feedback_round_at_the_periods_end(world):
    """Case A opens today, so its first round falls due today: due at first, overdue 28 days on,
    answered once feedback is given, and due again when the next round (13 weeks on) falls due."""
    import datetime as dt

    case, on = world.case_a(), today()

    def rounds(end):
        figures = indicators.compute([world.service_a], on, end)[world.service_a.pk]
        table = figures["total"]["tables"]["feedback_rounds_at_end"]
        return {key: row["count"] for key, row in table.items() if row["count"]}

    assert rounds(on) == {"due": 1}
    assert rounds(on + dt.timedelta(days=27)) == {"due": 1}
    assert rounds(on + dt.timedelta(days=28)) == {"overdue": 1}
    actions.give_in_session(actor=world.worker_a, case=case, answers={"helping": 4})
    assert rounds(on) == {"done": 1}
    assert rounds(on + dt.timedelta(weeks=13, days=1)) == {"due": 1}
    # A case that has closed by the period's end is not counted.
    from hubspoke.cases import actions as case_actions

    case_actions.close_case(actor=world.manager_a, case=case, reason="outcomes_achieved", summary="Done.",
                            engagement="fully", outcomes_achieved="all")
    assert rounds(on + dt.timedelta(days=1)) == {}


def test_participation_activities_outputs_and_the_young_people_who_took_part(world):
    """An activity counts at the hub by kind, and its outputs by kind; the young person who took
    part counts at their case's spoke, once per kind and once in all, accredited and paid."""
    from hubspoke.participation import activities

    activity = world.activity_a()  # group work, case A taking part, accredited and paid
    world.output_a()
    activities.create_activity(actor=world.worker_a, service=world.service_a, kind="research", title="Peer research",
                               held_on=today(), summary="", accreditation="")
    period = quarter_of(activity.held_on, world.programme.year_start_month)
    figures = indicators.compute([world.service_a], period.start, period.end)[world.service_a.pk]
    hub, spoke = figures["parts"]["hub"]["tables"], figures["parts"][str(world.spoke_a1.uuid)]["tables"]
    if quarter_of(today(), world.programme.year_start_month) == period:
        assert hub["participation_activities"]["research"]["count"] == 1
    assert hub["participation_activities"]["group_work"]["count"] == 1
    assert hub["participation_outputs"]["leaflet"]["count"] == 1
    taking_part = {key: row["count"] for key, row in spoke["participation_young_people"].items() if row["count"]}
    assert taking_part == {"group_work": 1, "any": 1, "accredited": 1, "paid": 1}
    assert "Staying safe online" not in str(figures) and "Friday group" not in str(figures)
