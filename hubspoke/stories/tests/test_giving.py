"""Giving a version to the young person: a disclosure to them through sharing's door, in the
same transaction; once per version; after a manager's check where the service asks for one."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today
from hubspoke.network.actions import update_service_policy
from hubspoke.sharing.models import Disclosure, Route
from hubspoke.stories import actions
from hubspoke.stories.models import StoryVersion
from hubspoke.stories.tests.helpers import url


def give_form(how="in_person", on=None):
    on = on or today()
    return {"given_on_day": on.day, "given_on_month": on.month, "given_on_year": on.year, "how": how}


def ask_for_checks(world):
    update_service_policy(actor=world.manager_a, service=world.service_a,
                          changes={"stories_need_manager_check": True})


def test_giving_a_version_records_a_disclosure_to_the_young_person(world, signed_in):
    version = world.story_version_a()
    client = signed_in("worker_a")
    page = client.get(url("version", version.uuid)).content.decode()
    assert "Record that you gave this to Casey" in page
    response = client.post(url("version_give", version.uuid), give_form(how="printed"))
    assert response.status_code == 302
    version.refresh_from_db()
    disclosure = version.disclosure
    assert version.given_on == today() and version.given_how == "printed" and version.given_by == world.worker_a
    assert disclosure.route == Route.SUBJECT and disclosure.to_subject == "young_person"
    assert disclosure.young_person == version.story.young_person
    assert disclosure.categories == version.categories == ["referral", "plan"]
    assert "version 1" in disclosure.summary and "Someone was worried" not in disclosure.summary
    assert AuditEvent.objects.filter(action="stories.version.given", subject_ref=str(version.uuid)).exists()
    shown = client.get(url("version", version.uuid)).content.decode()
    assert "a printed copy, by Worker A" in shown
    history = client.get(reverse("sharing:young_person_sharing", kwargs={"ref": disclosure.young_person.uuid}))
    assert history.status_code == 200
    assert reverse("sharing:disclosure", kwargs={"ref": disclosure.uuid}) in history.content.decode()


def test_a_version_is_given_once(world, signed_in):
    version = world.story_version_a()
    actions.give_version(actor=world.worker_a, version=version, given_on=today(), how="pdf")
    response = signed_in("worker_a").post(url("version_give", version.uuid), give_form())
    assert response.status_code == 400
    assert "already given" in response.content.decode()
    assert Disclosure.objects.filter(route=Route.SUBJECT).count() == 1


def test_giving_and_its_disclosure_stand_or_fall_together(world):
    version = world.story_version_a()
    with mock.patch("hubspoke.stories.actions.audit.record", side_effect=[None, RuntimeError("disk full")]), \
            pytest.raises(RuntimeError):
        actions.give_version(actor=world.worker_a, version=version, given_on=today(), how="pdf")
    assert not Disclosure.objects.filter(route=Route.SUBJECT).exists()
    version.refresh_from_db()
    assert version.given_on is None


def test_a_date_in_the_future_or_no_way_of_giving_is_refused(world, signed_in):
    version = world.story_version_a()
    client = signed_in("worker_a")
    from datetime import timedelta

    response = client.post(url("version_give", version.uuid), give_form(on=today() + timedelta(days=2)))
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    response = client.post(url("version_give", version.uuid), {**give_form(), "how": ""})
    assert response.status_code == 400 and "Select how you gave it" in response.content.decode()
    assert not Disclosure.objects.filter(route=Route.SUBJECT).exists()


def test_where_the_service_asks_a_manager_other_than_the_author_checks_first(world, signed_in):
    ask_for_checks(world)
    version = world.story_version_a()
    with pytest.raises(ValidationError):
        actions.give_version(actor=world.worker_a, version=version, given_on=today(), how="pdf")
    worker_page = signed_in("worker_a").get(url("version", version.uuid)).content.decode()
    assert "Waiting for a check" in worker_page and "Record that you gave this" not in worker_page
    refused = signed_in("worker_a").post(url("version_check", version.uuid))
    assert refused.status_code == 403
    home = signed_in("manager_a").get(reverse("home")).content.decode()
    assert "Young people&#x27;s stories waiting for your check" in home or \
        "Young people's stories waiting for your check" in home
    waiting = signed_in("manager_a").get(reverse("stories:waiting"))
    assert [v.pk for v in waiting.context["rows"]] == [version.pk]
    response = signed_in("manager_a").post(url("version_check", version.uuid))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.checked_by == world.manager_a
    assert signed_in("manager_a").get(reverse("stories:waiting")).context["rows"] == []
    actions.give_version(actor=world.worker_a, version=version, given_on=today(), how="in_person")
    assert StoryVersion.objects.get(pk=version.pk).disclosure is not None


def test_a_manager_does_not_check_their_own_version(world, signed_in):
    ask_for_checks(world)
    case = world.case_a()
    actions.save_draft(actor=world.manager_a, case=case, draft={"answers": {"why_we_met": "Hi."}})
    from hubspoke.stories import queries, rules

    seen = rules.fingerprint(queries.snapshot_for(case, {"answers": {"why_we_met": "Hi."}}, worker_name="x"))
    version = actions.finish_version(actor=world.manager_a, case=case, seen=seen)
    response = signed_in("manager_a").post(url("version_check", version.uuid))
    assert response.status_code == 400
    assert "another manager checks it" in response.content.decode()
    version.refresh_from_db()
    assert version.checked_at is None


def test_without_the_setting_there_is_nothing_to_check(world):
    version = world.story_version_a()
    with pytest.raises(ValidationError):
        actions.check_version(actor=world.manager_a, version=version)


def test_the_waiting_list_keeps_a_flat_query_count(world, signed_in):
    ask_for_checks(world)
    world.story_version_a()
    client = signed_in("manager_a")
    from hubspoke.stories import queries, rules

    case = world.case_a()

    def grow():
        for words in ("Two.", "Three.", "Four."):
            draft = {"answers": {"why_we_met": words}}
            actions.save_draft(actor=world.worker_a, case=case, draft=draft)
            seen = rules.fingerprint(queries.snapshot_for(case, draft, worker_name="x"))
            actions.finish_version(actor=world.worker_a, case=case, seen=seen)

    assert_flat_queries(lambda: client.get(reverse("stories:waiting")), grow)


def test_the_story_page_keeps_a_flat_query_count(world, signed_in):
    version = world.story_version_a()
    client = signed_in("worker_a")
    case = version.story.case
    from hubspoke.stories import queries, rules

    def grow():
        for words in ("Two.", "Three.", "Four."):
            draft = {"answers": {"why_we_met": words}}
            actions.save_draft(actor=world.worker_a, case=case, draft=draft)
            seen = rules.fingerprint(queries.snapshot_for(case, draft, worker_name="x"))
            v = actions.finish_version(actor=world.worker_a, case=case, seen=seen)
            actions.give_version(actor=world.worker_a, version=v, given_on=today(), how="pdf")

    assert_flat_queries(lambda: client.get(url("story", case.uuid)), grow)


def test_the_service_settings_page_sets_the_check_and_audits_it(world, signed_in):
    from hubspoke.network.tests.test_service_settings import policy

    client = signed_in("manager_a", recent=True)
    settings_url = reverse("network:service_settings", kwargs={"ref": world.service_a.uuid})
    assert "Does a manager check a young person" in client.get(settings_url).content.decode()
    response = client.post(settings_url, policy(stories_need_manager_check="yes"))
    assert response.status_code == 302
    world.service_a.refresh_from_db()
    assert world.service_a.stories_need_manager_check is True
    event = AuditEvent.objects.get(action="network.service.policy_changed", subject_ref=str(world.service_a.uuid))
    assert event.detail == {"stories_need_manager_check": {"before": False, "after": True}}
