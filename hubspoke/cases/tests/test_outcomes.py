import datetime as dt

from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.models import OutcomeRating
from hubspoke.cases.outcomes import AREAS
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today


def rating_form(day, rater="young_person", occasion="start", score=2, **extra):
    data = {"rated_on_day": day.day, "rated_on_month": day.month, "rated_on_year": day.year, "rater": rater,
            "occasion": occasion, **{f"area_{a.id}": str(score) for a in AREAS}}
    data.update(extra)
    return data


def test_ratings_show_the_distance_travelled_with_a_table(signed_in, world):
    from hubspoke.referrals.models import Referral

    case = world.case_a()
    Referral.objects.filter(case_link__case=case).update(received_at=case.opened_at - dt.timedelta(days=90))
    client = signed_in("worker_a")
    url = reverse("cases:outcomes", kwargs={"ref": case.uuid})
    assert client.post(url, rating_form(today() - dt.timedelta(days=60), score=2,
                                        goal_1="Go back to boxing", goal_1_score="3")).status_code == 302
    assert client.post(url, rating_form(today(), occasion="review", score=4,
                                        goal_1="Go back to boxing", goal_1_score="7")).status_code == 302
    page = client.get(url).content.decode()
    assert "Distance travelled: the young person" in page and "Feeling safe from 2 to 4" in page
    assert "+2" in page and "Go back to boxing: 7/10" in page
    assert OutcomeRating.objects.count() == 2
    assert AuditEvent.objects.filter(action="cases.outcomes.rated").count() == 2


def test_every_area_needs_a_rating_and_a_goal_needs_its_score(signed_in, world):
    case = world.case_a()
    data = rating_form(today(), goal_2="Sleep better")
    del data["area_safe"]
    response = signed_in("worker_a").post(reverse("cases:outcomes", kwargs={"ref": case.uuid}), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a rating for feeling safe" in page and "Rate personal goal 2 from 0 to 10" in page
    assert 'value="Sleep better"' in page
    assert not OutcomeRating.objects.exists()


def test_the_outcomes_page_is_flat(signed_in, world):
    case = world.case_a()
    client = signed_in("worker_a")
    url = reverse("cases:outcomes", kwargs={"ref": case.uuid})

    def grow():
        for rater in ("young_person", "worker"):
            client.post(url, rating_form(today(), rater=rater, occasion="review", score=3))

    grow()
    assert_flat_queries(lambda: client.get(url), grow)


def test_a_closed_case_takes_no_rating_whatever_the_path(world):
    import pytest
    from django.core.exceptions import ValidationError

    from hubspoke.cases import actions
    from hubspoke.cases.outcomes import AREA_IDS

    case = world.case_a()
    actions.close_case(actor=world.manager_a, case=case, reason="outcomes_achieved", summary="Done.",
                       engagement="fully", outcomes_achieved="all")
    with pytest.raises(ValidationError, match="This case is closed."):
        actions.rate_outcomes(actor=world.manager_a, case=case, rated_on=today(), occasion="closure",
                              rater="worker", scores=dict.fromkeys(AREA_IDS, 3), personal_goals=[])
    assert not OutcomeRating.objects.exists()
