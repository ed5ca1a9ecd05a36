import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.notifications import actions, registry
from hubspoke.notifications.models import Notification

KIND = "network.test_thing"


@pytest.fixture(autouse=True)
def test_kind():
    """A kind of this module's own, leading to a service's page, so that these tests do not
    depend on any app that sends notifications."""
    registry.register_kind(
        KIND, message="Something about a service", url=lambda ref: reverse("network:service_detail", kwargs={"ref": ref})
    )
    yield
    registry._kinds.pop(KIND)


def notify(world, *personas):
    return actions.notify(recipients=[world.people[p] for p in personas], kind=KIND, subject=world.service_a)


def mine(world, persona):
    return Notification.objects.filter(recipient=world.people[persona], kind=KIND)


def test_notify_writes_one_row_per_person_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        made = actions.notify(recipients=[world.manager_a, world.worker_a, world.manager_a], kind=KIND,
                              subject=world.service_a)
    assert len(made) == 2
    row = mine(world, "worker_a").get()
    assert (row.subject_kind, row.subject_ref, row.read_at) == ("network.service", str(world.service_a.uuid), None)


def test_notify_refuses_a_kind_nobody_registered(world):
    with pytest.raises(ValueError, match="Register"):
        actions.notify(recipients=[world.manager_a], kind="network.no_such_thing", subject=world.service_a)


def test_the_list_shows_only_your_own_newest_first(world, signed_in):
    notify(world, "outsider")
    notify(world, "worker_a")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=5)):
        later = notify(world, "worker_a")[0]
    html = signed_in("worker_a").get(reverse("notifications:list")).content.decode()
    links = re.findall(r'href="/notifications/([0-9a-f-]+)/open/"', html)
    assert links[0] == str(later.uuid)
    assert set(links) == {str(n.uuid) for n in mine(world, "worker_a")}
    assert str(mine(world, "outsider").get().uuid) not in html
    assert html.count("Unread</strong>") == 2


def test_opening_marks_read_and_goes_to_the_subject(world, signed_in):
    notification = notify(world, "worker_a")[0]
    response = signed_in("worker_a").get(reverse("notifications:open", kwargs={"ref": notification.uuid}))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:service_detail", kwargs={"ref": world.service_a.uuid})
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_again_keeps_when_it_was_first_read(world, signed_in):
    notification = notify(world, "worker_a")[0]
    client = signed_in("worker_a")
    url = reverse("notifications:open", kwargs={"ref": notification.uuid})
    client.get(url)
    notification.refresh_from_db()
    first = notification.read_at
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1)):
        client.get(url)
    notification.refresh_from_db()
    assert notification.read_at == first


def test_another_persons_notification_is_not_found_and_stays_unread(world, signed_in):
    notification = notify(world, "worker_a")[0]
    response = signed_in("hub_worker_a").get(reverse("notifications:open", kwargs={"ref": notification.uuid}))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(notification.uuid)).exists()


def test_mark_all_read_marks_only_your_own(world, signed_in):
    notify(world, "worker_a")
    notify(world, "worker_a", "outsider")
    client = signed_in("worker_a")
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    assert not mine(world, "worker_a").filter(read_at__isnull=True).exists()
    assert mine(world, "outsider").get().read_at is None
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Mark all as read" not in html and "Unread</strong>" not in html


def test_mark_all_read_needs_the_form_token(world, signed_in):
    from django.test import Client

    notify(world, "worker_a")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.worker_a)
    assert client.post(reverse("notifications:mark_all_read")).status_code == 403
    assert mine(world, "worker_a").get().read_at is None


def test_header_shows_the_unread_count(world, signed_in):
    client = signed_in("worker_a")
    html = client.get(reverse("home")).content.decode()
    assert ">Notifications</a>" in html
    notify(world, "worker_a")
    notify(world, "worker_a")
    html = client.get(reverse("home")).content.decode()
    # "(2)" on screen; "2 unread" to a screen reader.
    assert "Notifications (2 unread)" in re.sub(r"<[^>]+>", "", html)
    assert '2<span class="govuk-visually-hidden"> unread</span>' in html


def notification_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return sum(1 for q in ctx.captured_queries if '"notifications_notification"' in q["sql"])


def test_the_header_count_is_one_query_and_none_when_signed_out(world, signed_in, client):
    assert notification_queries(client, reverse("account_login")) == 0
    assert notification_queries(signed_in("worker_a"), reverse("network:service_list")) == 1


def test_the_list_is_flat_from_one_notification_to_fifty(world, signed_in):
    notify(world, "worker_a")
    client = signed_in("worker_a")
    url = reverse("notifications:list")
    client.get(url)

    def grow():
        for _ in range(49):
            notify(world, "worker_a")

    assert_flat_queries(lambda: client.get(url), grow)
    assert mine(world, "worker_a").count() == 50
    assert client.get(url).content.decode().count("/open/") == 50


def test_the_list_pages_at_fifty(world, signed_in):
    for _ in range(51):
        notify(world, "worker_a")
    client = signed_in("worker_a")
    assert client.get(reverse("notifications:list")).content.decode().count("/open/") == 50
    assert client.get(reverse("notifications:list") + "?page=2").content.decode().count("/open/") == 1


def test_a_kind_no_longer_registered_is_listed_without_a_link(world, signed_in):
    notification = notify(world, "worker_a")[0]
    Notification.objects.filter(pk=notification.pk).update(kind="network.retired_thing")
    client = signed_in("worker_a")
    html = client.get(reverse("notifications:list")).content.decode()
    assert "needs your attention" in html and "/open/" not in html
    response = client.get(reverse("notifications:open", kwargs={"ref": notification.uuid}))
    assert response["Location"] == reverse("notifications:list")


def test_resolve_stops_the_notifications_about_one_record_asking_anyone(world, signed_in):
    notify(world, "worker_a", "hub_worker_a")
    actions.notify(recipients=[world.worker_a], kind=KIND, subject=world.service_b)
    assert actions.resolve(kinds=[KIND], subject=world.service_a) == 2
    assert actions.resolve(kinds=[KIND], subject=world.service_a) == 0  # once
    waiting = mine(world, "worker_a").filter(resolved_at__isnull=True)
    assert list(waiting.values_list("subject_ref", flat=True)) == [str(world.service_b.uuid)]
    client = signed_in("worker_a")
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["notifications_nav"]["unread"] == 1
    assert "Dealt with" in html and html.count("Unread") == 1


def test_the_list_groups_what_needs_you_by_kind_before_the_rest(world, signed_in):
    other = "network.other_thing"
    registry.register_kind(other, message="Something else", group="Other things",
                           url=lambda ref: reverse("network:service_detail", kwargs={"ref": ref}))
    try:
        notify(world, "worker_a")
        actions.notify(recipients=[world.worker_a], kind=other, subject=world.service_a)
        notify(world, "worker_a")
        read = notify(world, "worker_a")[0]
        actions.mark_read(user=world.worker_a, notification=read)
        response = signed_in("worker_a").get(reverse("notifications:list"))
        assert response.status_code == 200
        html = response.content.decode()
        positions = [html.index(h) for h in ("Other things (1)", "Something about a service (2)", "Earlier")]
        assert positions == sorted(positions)
    finally:
        registry._kinds.pop(other)


def test_prune_deletes_only_read_or_resolved_notifications_older_than_ninety_days(world):
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        old_read, old_unread = notify(world, "worker_a")[0], notify(world, "worker_a")[0]
        actions.mark_read(user=world.worker_a, notification=old_read)
        old_resolved = actions.notify(recipients=[world.worker_a], kind=KIND, subject=world.service_b)[0]
        actions.resolve(kinds=[KIND], subject=world.service_b)
    with time_machine.travel(start + dt.timedelta(days=80), tick=False):
        recent_read = notify(world, "worker_a")[0]
        actions.mark_read(user=world.worker_a, notification=recent_read)
    with time_machine.travel(start + dt.timedelta(days=91), tick=False):
        out = io.StringIO()
        call_command("prune_notifications", stdout=out)
    assert "Deleted 2 read or resolved notifications older than 90 days" in out.getvalue()
    assert set(mine(world, "worker_a")) == {old_unread, recent_read}
    assert not Notification.objects.filter(pk=old_resolved.pk).exists()


def test_mark_read_refuses_someone_elses_notification(world):
    notification = notify(world, "worker_a")[0]
    with pytest.raises(ValueError):
        actions.mark_read(user=world.hub_worker_a, notification=notification)
