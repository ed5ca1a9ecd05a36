"""Posts over time: a post's dates and vacancies, the rules they keep (in the database, in the
network's check and beside each field of the administration site), and what is counted as
vacant on a day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import QueryCounter
from hubspoke.network import actions, queries
from hubspoke.network.models import Funder, Post, PostLocation, PostVacancy

pytestmark = pytest.mark.django_db

D = dt.date


def a_post(world, title="Hub worker", *, holder=None, **dates):
    return Post.objects.create(service=world.service_b, title=title, fte="1.00", location=PostLocation.HUB,
                               funder=Funder.objects.get(), holder=holder, **dates)


def errors(starts_on=None, ends_on=None, *vacancies):
    return actions.post_vacancy_errors(starts_on=starts_on, ends_on=ends_on, vacancies=list(vacancies))


# --- The database's rules ------------------------------------------------------------------


def test_a_post_cannot_end_before_it_starts(world):
    post = a_post(world, starts_on=D(2025, 4, 1))
    post.ends_on = D(2025, 3, 31)
    with pytest.raises(ValidationError) as raised:
        post.full_clean()
    assert raised.value.messages == ["The date the post ends must be the same as or after the date it starts"]
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()
    # Without a start (from before records began) any end will do.
    post.starts_on = None
    post.full_clean()
    post.save()


def test_a_vacancy_cannot_end_before_it_starts(world):
    vacancy = PostVacancy(post=a_post(world), starts_on=D(2025, 5, 2), ends_on=D(2025, 5, 1))
    with pytest.raises(ValidationError) as raised:
        vacancy.full_clean()
    assert raised.value.messages == ["The date the vacancy ends must be the same as or after the date it starts"]
    with pytest.raises(IntegrityError), transaction.atomic():
        vacancy.save()
    vacancy.ends_on = D(2025, 5, 2)  # a one-day vacancy is a vacancy
    vacancy.full_clean()
    vacancy.save()


# --- The network's check ------------------------------------------------------------------


def test_vacancies_within_the_posts_dates_and_apart_have_nothing_wrong():
    assert errors(D(2025, 1, 1), D(2025, 12, 31),
                  (D(2025, 1, 1), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 2, 1)), (D(2025, 12, 1), D(2025, 12, 31))
                  ) == [{}, {}, {}]
    # A post without dates takes any vacancy, one still open included.
    assert errors(None, None, (D(2019, 1, 1), D(2019, 2, 1)), (D(2026, 1, 1), None)) == [{}, {}]


def test_a_vacancy_outside_the_posts_dates_is_refused_by_field():
    assert errors(D(2025, 4, 1), D(2025, 9, 30),
                  (D(2025, 3, 31), D(2025, 4, 10)),
                  (D(2025, 10, 1), D(2025, 10, 5)),
                  (D(2025, 9, 1), D(2025, 10, 1))) == [
        {"starts_on": "The vacancy must start on or after the day the post starts (1 April 2025)"},
        {"starts_on": "The vacancy must start on or before the day the post ends (30 September 2025)",
         "ends_on": "The vacancy must end on or before the day the post ends (30 September 2025)"},
        {"ends_on": "The vacancy must end on or before the day the post ends (30 September 2025)"},
    ]
    # An ended post has no vacancy still open.
    assert errors(D(2025, 4, 1), D(2025, 9, 30), (D(2025, 9, 20), None)) == [
        {"ends_on": "Enter the date the vacancy ends: the post ends on 30 September 2025"}]


def test_vacancies_of_one_post_do_not_share_a_day_in_any_order():
    # Given out of order, each overlap is put on the later vacancy, naming the one it overlaps.
    assert errors(None, None,
                  (D(2025, 3, 1), D(2025, 3, 31)),
                  (D(2025, 1, 1), D(2025, 3, 1)),
                  (D(2025, 6, 1), None),
                  (D(2025, 9, 1), D(2025, 9, 2))) == [
        {"starts_on": "The vacancy must not overlap the one from 1 January 2025 to 1 March 2025"},
        {},
        {},
        {"starts_on": "The vacancy must not overlap the one from 1 June 2025 to now"},
    ]
    # A long vacancy is still overlapped by the third, after a short one inside it.
    assert errors(None, None, (D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 2, 1), D(2025, 2, 2)),
                  (D(2025, 6, 1), D(2025, 6, 2)))[2] == {
        "starts_on": "The vacancy must not overlap the one from 1 January 2025 to 31 December 2025"}
    # One that ends before it starts is wrong on its own, and not compared.
    assert errors(None, None, (D(2025, 5, 1), D(2025, 4, 1)), (D(2025, 4, 15), D(2025, 4, 20))) == [
        {"ends_on": "The date the vacancy ends must be the same as or after the date it starts"}, {}]


def test_the_check_numbers_each_vacancy_for_callers_without_a_form(world):
    post = a_post(world, starts_on=D(2025, 4, 1))
    actions.check_post_vacancies(post=post, vacancies=[(D(2025, 4, 1), None)])
    with pytest.raises(ValidationError) as raised:
        actions.check_post_vacancies(post=post, vacancies=[(D(2025, 4, 1), None), (D(2025, 3, 1), D(2025, 3, 2))])
    assert raised.value.messages == ["Vacancy 2: The vacancy must start on or after the day the post starts "
                                     "(1 April 2025)"]


# --- Vacant on a day ---------------------------------------------------------------------


def test_vacant_on_a_day_is_by_the_vacancies_or_without_any_by_who_holds_it_now(world):
    day = D(2025, 6, 30)
    a_post(world, "Recorded, covering the day", holder=world.manager_a).vacancies.create(starts_on=D(2025, 6, 1))
    a_post(world, "Recorded, not covering the day").vacancies.create(starts_on=D(2025, 1, 1), ends_on=D(2025, 6, 29))
    a_post(world, "None recorded, nobody holds it")
    a_post(world, "None recorded, held", holder=world.manager_a)
    a_post(world, "Ended the day before", ends_on=D(2025, 6, 29))
    a_post(world, "Starts the day after", starts_on=D(2025, 7, 1))
    a_post(world, "Ends that day", ends_on=day, holder=world.manager_a)
    a_post(world, "Starts that day", starts_on=day, holder=world.manager_a)
    with QueryCounter() as counted:
        found = dict(queries.posts_on(day).filter(service=world.service_b).values_list("title", "vacant_that_day"))
    assert counted.count == 1
    assert found == {
        "Recorded, covering the day": True, "Recorded, not covering the day": False,
        "None recorded, nobody holds it": True, "None recorded, held": False,
        "Ends that day": False, "Starts that day": False,
    }
    # Post.is_vacant keeps its meaning: nobody holds it now.
    assert [p.title for p in Post.objects.filter(service=world.service_b) if p.is_vacant] == [
        "Ended the day before", "None recorded, nobody holds it", "Recorded, not covering the day",
        "Starts the day after"]


def test_the_service_page_lists_posts_not_yet_ended(signed_in, world):
    a_post(world, "Ended last year", starts_on=D(2020, 1, 1), ends_on=D(2020, 12, 31))
    a_post(world, "Funded from next year", starts_on=D(2099, 1, 1))
    a_post(world, "Going on")
    client = signed_in("programme_lead")
    response = client.get(reverse("network:service_detail", kwargs={"ref": world.service_b.uuid}))
    assert response.status_code == 200
    assert [p.title for p in response.context["posts"]] == ["Funded from next year", "Going on"]


# --- The administration site ------------------------------------------------------------


def post_form(world, post=None, vacancies=(), **fields):
    """A whole change form for a post as the administration site posts it, with its vacancies."""
    data = {"service": world.service_b.pk, "title": "Hub worker", "location": "hub", "spoke": "", "fte": "1.00",
            "funder": Funder.objects.get().pk, "holder": "", "starts_on": "", "ends_on": "",
            "vacancies-TOTAL_FORMS": str(len(vacancies)), "vacancies-INITIAL_FORMS": "0",
            "vacancies-MIN_NUM_FORMS": "0", "vacancies-MAX_NUM_FORMS": "1000", **fields}
    for n, (starts_on, ends_on) in enumerate(vacancies):
        data |= {f"vacancies-{n}-starts_on": starts_on, f"vacancies-{n}-ends_on": ends_on,
                 f"vacancies-{n}-post": post.pk if post else "", f"vacancies-{n}-id": ""}
    return data


def test_administrators_record_a_posts_dates_and_vacancies_audited(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:network_post_add"), post_form(
        world, starts_on="2025-04-01", vacancies=[("2025-04-01", "2025-05-12"), ("2025-09-01", "")]))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(service=world.service_b)
    assert post.starts_on == D(2025, 4, 1) and post.ends_on is None
    assert list(post.vacancies.values_list("starts_on", "ends_on")) == [(D(2025, 4, 1), D(2025, 5, 12)),
                                                                        (D(2025, 9, 1), None)]
    assert AuditEvent.objects.filter(action="network.post.created", subject_ref=str(post.uuid)).exists()

    # Changed: the post ends, the open vacancy with it, and another vacancy is added.
    existing = {f"vacancies-{n}-{k}": v for n, vacancy in enumerate(post.vacancies.all()) for k, v in {
        "id": vacancy.pk, "post": post.pk, "starts_on": vacancy.starts_on.isoformat(),
        "ends_on": (vacancy.ends_on or D(2025, 11, 30)).isoformat()}.items()}
    response = admin_client.post(reverse("admin:network_post_change", args=[post.pk]), {
        **post_form(world, post, starts_on="2025-04-01", ends_on="2026-03-31"), **existing,
        "vacancies-TOTAL_FORMS": "3", "vacancies-INITIAL_FORMS": "2", "vacancies-2-id": "",
        "vacancies-2-post": post.pk, "vacancies-2-starts_on": "2025-06-01", "vacancies-2-ends_on": "2025-06-30",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert post.ends_on == D(2026, 3, 31) and post.vacancies.count() == 3
    event = AuditEvent.objects.filter(action="network.post.changed", subject_ref=str(post.uuid)).latest("id")
    assert event.actor == world.admin
    assert "Ends on" in event.detail["fields"] and any("vacancy" in r for r in event.detail["related"])


def test_the_administration_site_puts_each_broken_rule_beside_its_field(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:network_post_add"), post_form(
        world, starts_on="2025-04-01", ends_on="2025-09-30",
        vacancies=[("2025-03-01", "2025-04-30"), ("2025-04-20", "2025-05-01"), ("2025-06-01", "2025-05-01"),
                   ("2025-09-01", "")]))
    assert response.status_code == 200
    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert [f.errors for f in forms] == [
        {"starts_on": ["The vacancy must start on or after the day the post starts (1 April 2025)"]},
        {"starts_on": ["The vacancy must not overlap the one from 1 March 2025 to 30 April 2025"]},
        {"ends_on": ["The date the vacancy ends must be the same as or after the date it starts"]},
        {"ends_on": ["Enter the date the vacancy ends: the post ends on 30 September 2025"]},
    ]
    page = response.content.decode()
    assert "Constraint" not in page and "network_postvacancy_dates_ordered" not in page
    assert not Post.objects.filter(service=world.service_b).exists()

    response = admin_client.post(reverse("admin:network_post_add"), post_form(
        world, starts_on="2025-04-01", ends_on="2025-03-31"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "ends_on": ["The date the post ends must be the same as or after the date it starts"]}
    assert not Post.objects.filter(service=world.service_b).exists()
