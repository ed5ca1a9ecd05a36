"""Staff in post counted by the posts' dates and vacancies, worked out by hand on a few posts at
service B: April to June 2025 is the period (91 days); the quarter before, January to March
(90 days)."""

import datetime as dt

import pytest

from hubspoke.conftest import QueryCounter
from hubspoke.monitoring import actions, indicators
from hubspoke.network.models import Funder, Post, PostLocation

pytestmark = pytest.mark.django_db

D = dt.date
START, END = D(2025, 4, 1), D(2025, 6, 30)
BEFORE = (D(2025, 1, 1), D(2025, 3, 31))


def post(world, title, fte, *, spoke=None, holder=None, vacancies=(), **dates):
    made = Post.objects.create(service=world.service_b, title=title, fte=fte, funder=Funder.objects.get(),
                               location=PostLocation.SPOKE if spoke else PostLocation.HUB, spoke=spoke,
                               holder=holder, **dates)
    for first, last in vacancies:
        made.vacancies.create(starts_on=first, ends_on=last)
    return made


@pytest.fixture
def posts(world):
    """Hub: P1 starts mid-quarter; P2 (no start: before records began, nobody holds it, no
    vacancies recorded) ends mid-quarter; P4 ended the day before the period; P5 starts the day
    after; P6 has only an old vacancy recorded (so is filled since, though nobody holds it now).
    Spoke B1: P3 was vacant across the period's start and again from 20 June; P7 is held."""
    holder = world.hub_worker_a  # who holds them does not matter, only that someone does
    post(world, "P1", "1.00", holder=holder, starts_on=D(2025, 5, 13))
    post(world, "P2", "0.50", ends_on=D(2025, 5, 31))
    post(world, "P3", "0.80", spoke=world.spoke_b1, starts_on=D(2024, 1, 1),
         vacancies=[(D(2025, 3, 1), D(2025, 4, 14)), (D(2025, 6, 20), None)])
    post(world, "P4", "0.60", holder=holder, ends_on=D(2025, 3, 31))
    post(world, "P5", "1.00", holder=holder, starts_on=D(2025, 7, 1))
    post(world, "P6", "0.40", vacancies=[(D(2024, 6, 1), D(2024, 8, 31))])
    post(world, "P7", "1.00", spoke=world.spoke_b1, holder=holder)


def staff(figures):
    return (figures["tables"]["staff_posts"], figures["measures"]["staff_fte"],
            figures["measures"]["staff_vacancy_weeks"]["all"])


def test_staff_in_post_at_the_end_of_the_period_and_vacancy_weeks_in_it(world, posts):
    result = indicators.compute([world.service_b], START, END)[world.service_b.pk]
    hub, spoke = result["parts"]["hub"], result["parts"][str(world.spoke_b1.uuid)]

    # Hub on 30 June: P1 and P6 filled; P2 ended, P4 ended before, P5 not begun.
    posts_at_end, fte, weeks = staff(hub)
    assert posts_at_end == {"filled": {"count": 2}, "vacant": {"count": 0}}
    assert fte == {"filled": {"sum": 1.4, "n": 2}, "vacant": {"sum": 0.0, "n": 0}}
    # P1, P2 and P6 existed in the period; only P2 was vacant: 1 April to 31 May, 61 days.
    assert weeks == {"sum": 61 / 7, "n": 3}

    # Spoke B1 on 30 June: P3 vacant (since 20 June), P7 filled.
    posts_at_end, fte, weeks = staff(spoke)
    assert posts_at_end == {"filled": {"count": 1}, "vacant": {"count": 1}}
    assert fte == {"filled": {"sum": 1.0, "n": 1}, "vacant": {"sum": 0.8, "n": 1}}
    # P3: 1 to 14 April (14 days) and 20 to 30 June (11 days).
    assert weeks == {"sum": 25 / 7, "n": 2}

    posts_at_end, fte, weeks = staff(result["total"])
    assert posts_at_end == {"filled": {"count": 3}, "vacant": {"count": 1}}
    assert fte["filled"] == {"sum": pytest.approx(2.4), "n": 3} and fte["vacant"] == {"sum": 0.8, "n": 1}
    assert weeks["n"] == 5 and weeks["sum"] * 7 == pytest.approx(86)
    assert result["total"] == indicators.add(hub, spoke)


def test_the_quarter_before_counts_the_posts_of_its_own_days(world, posts):
    result = indicators.compute([world.service_b], *BEFORE)[world.service_b.pk]
    hub, spoke = result["parts"]["hub"], result["parts"][str(world.spoke_b1.uuid)]
    # Hub on 31 March: P4 on its last day (filled), P6 filled, P2 vacant (nobody holds it, none
    # recorded); P1 and P5 not begun. Only P2 was vacant, the whole quarter: 90 days.
    posts_at_end, fte, weeks = staff(hub)
    assert posts_at_end == {"filled": {"count": 2}, "vacant": {"count": 1}}
    assert fte == {"filled": {"sum": 1.0, "n": 2}, "vacant": {"sum": 0.5, "n": 1}}
    assert weeks == {"sum": 90 / 7, "n": 3}
    # Spoke B1 on 31 March: P3 vacant since 1 March (31 days), P7 filled.
    posts_at_end, fte, weeks = staff(spoke)
    assert posts_at_end == {"filled": {"count": 1}, "vacant": {"count": 1}}
    assert weeks == {"sum": 31 / 7, "n": 2}


def test_a_post_that_existed_only_within_the_period_counts_its_own_days(world):
    # Begun and ended in the period, vacant a week of it, partly after its end (which the rule
    # keeps from happening; the period is cut to the post's days all the same).
    post(world, "Short", "1.00", starts_on=D(2025, 5, 1), ends_on=D(2025, 5, 31),
         vacancies=[(D(2025, 5, 25), D(2025, 6, 10))])
    hub = indicators.compute([world.service_b], START, END)[world.service_b.pk]["parts"]["hub"]
    posts_at_end, fte, weeks = staff(hub)
    assert posts_at_end == {"filled": {"count": 0}, "vacant": {"count": 0}}
    assert weeks == {"sum": 1.0, "n": 1}  # 25 to 31 May


def test_the_staff_figures_keep_a_fixed_number_of_queries(world):
    with QueryCounter() as small:
        indicators.compute([world.service_a, world.service_b], START, END)
    for n in range(30):
        post(world, f"Post {n}", "0.50", spoke=world.spoke_b1 if n % 2 else None, starts_on=D(2025, 1, 1 + n % 28),
             vacancies=[(D(2025, 2, 1), D(2025, 4, 1 + n % 20)), (D(2025, 6, 1 + n % 25), None)][: 1 + n % 2])
    with QueryCounter() as large:
        result = indicators.compute([world.service_a, world.service_b], START, END)
    assert result[world.service_b.pk]["total"]["measures"]["staff_vacancy_weeks"]["all"]["n"] == 30
    assert small.count == large.count, f"{small.count} then {large.count}:\n{large.sql()}"


def test_the_snapshot_survey_starts_from_the_posts_of_its_date_as_they_were_that_day(world, posts):
    survey = actions.open_survey(actor=world.programme_lead, programme=world.programme, as_of=D(2025, 6, 25),
                                 due_on=D(2025, 7, 25))
    response = survey.responses.get(service=world.service_b)
    # P2 ended on 31 May, P4 on 31 March, P5 starts in July; P3 is vacant since 20 June.
    assert sorted(response.posts.values_list("title", "filled")) == [
        ("P1", True), ("P3", False), ("P6", True), ("P7", True)]
    # A survey as at the quarter before finds the posts of that day.
    survey = actions.open_survey(actor=world.programme_lead, programme=world.programme, as_of=D(2025, 3, 31),
                                 due_on=D(2025, 4, 30))
    response = survey.responses.get(service=world.service_b)
    assert sorted(response.posts.values_list("title", "filled")) == [
        ("P2", False), ("P3", False), ("P4", True), ("P6", True), ("P7", True)]
