"""The forum: who reads and posts where (from platform roles), the safeguarding guard, the
sanitiser, mentions, watching and the daily digest, moderation, reports, edits with their
history, attachments, search, audit and flat query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import TINY_PDF, assert_flat_queries
from hubspoke.exchange import actions, digest, guard, markup
from hubspoke.exchange.models import Post, PostReport, Preference, Thread, Watch
from hubspoke.network.models import Phase
from hubspoke.notifications.models import Notification
from hubspoke.outbox.models import OutgoingMessage

pytestmark = pytest.mark.django_db

STAFF = ["spoke_worker", "hub_worker", "service_manager"]


def url(name, **kwargs):
    return reverse(f"exchange:{name}", kwargs=kwargs)


def category(world, name, *, read=STAFF, post=None, phase=None):
    return actions.create_category(actor=world.exchange_lead, programme=world.programme, name=name, read_roles=read,
                                   post_roles=read if post is None else post, phase=phase)


def told(person, kind):
    return Notification.objects.filter(recipient=person, kind=kind).count()


# --- Who reads and posts where -----------------------------------------------------------------


def test_a_partner_has_no_forum_and_staff_see_only_the_categories_their_role_reads(signed_in, world):
    staff = world.forum_staff()
    managers = category(world, "Managers only", read=["service_manager"])
    evaluation = category(world, "Ask the evaluators", read=STAFF + ["evaluator"], post=STAFF + ["evaluator"])

    assert signed_in("partner_a").get(url("index")).status_code == 404
    assert signed_in("partner_a").get(url("category", ref=staff.uuid)).status_code == 404

    worker = signed_in("worker_a").get(url("index"))
    assert worker.status_code == 200
    assert "All hub and spoke staff" in worker.text and "Ask the evaluators" in worker.text
    assert "Managers only" not in worker.text
    assert signed_in("worker_a").get(url("category", ref=managers.uuid)).status_code == 404
    assert signed_in("manager_a").get(url("category", ref=managers.uuid)).status_code == 200

    assert signed_in("evaluator").get(url("category", ref=staff.uuid)).status_code == 404
    assert signed_in("evaluator").get(url("category", ref=evaluation.uuid)).status_code == 200
    # The lead reads every category of the programme.
    lead = signed_in("exchange_lead").get(url("index"))
    assert all(name in lead.text for name in ("All hub and spoke staff", "Managers only", "Ask the evaluators"))


def test_a_category_read_by_a_role_that_does_not_post_refuses_its_posts_on_every_path(signed_in, world):
    notices = category(world, "Programme notices", read=STAFF + ["programme_lead"], post=["programme_lead"])
    response = signed_in("manager_a").post(url("new_thread", ref=notices.uuid), {"title": "Hello", "body": "Hi"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.start_thread(actor=world.manager_a, category=notices, title="Hello", body="Hi")
    thread = actions.start_thread(actor=world.programme_lead, category=notices, title="Dates for the year",
                                  body="The learning exchange is in June.")
    assert signed_in("manager_a").get(url("thread", ref=thread.uuid)).status_code == 200
    assert signed_in("manager_a").post(url("reply", ref=thread.uuid), {"body": "Thanks"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.reply(actor=world.manager_a, thread=thread, body="Thanks")
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_phase_category_is_read_by_staff_of_that_phase_only(signed_in, world):
    phase2 = Phase.objects.create(programme=world.programme, number=2, starts_on=dt.date(2026, 4, 1))
    phase_staff = category(world, "Phase 2 services", read=STAFF + ["programme_lead"], phase=phase2)
    assert signed_in("manager_a").get(url("category", ref=phase_staff.uuid)).status_code == 404
    assert signed_in("programme_lead").get(url("category", ref=phase_staff.uuid)).status_code == 200
    world.service_a.phase = phase2
    world.service_a.save(update_fields=["phase"])
    assert signed_in("worker_a").get(url("category", ref=phase_staff.uuid)).status_code == 200


def test_only_the_exchange_lead_sets_up_categories_and_partners_are_never_given_a_place(signed_in, world):
    assert signed_in("manager_a").get(url("categories")).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.create_category(actor=world.manager_a, programme=world.programme, name="Ours", read_roles=STAFF)
    with pytest.raises(ValidationError) as refused:
        category(world, "With partners", read=STAFF + ["partner"])
    assert "Partners have no place" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        category(world, "Odd", read=["service_manager"], post=["spoke_worker"])
    assert "Only people who read a category can post" in str(refused.value)

    lead = signed_in("exchange_lead")
    bad = lead.post(url("category_new"), {"name": "", "description": "Typed and kept"})
    assert bad.status_code == 400 and "Typed and kept" in bad.text
    made = lead.post(url("category_new"), {"name": "Family work", "description": "Working with parents",
                                           "read_roles": STAFF, "post_roles": STAFF, "position": 0})
    assert made.status_code == 302
    assert AuditEvent.objects.filter(action="exchange.category.created").exists()


# --- The safeguarding guard -------------------------------------------------------------------


def test_a_post_naming_a_young_person_in_the_posters_scope_waits_for_confirmation_and_reveals_nothing(signed_in,
                                                                                                     world):
    staff = world.forum_staff()
    client = signed_in("manager_a")
    words = {"title": "Advice please", "body": "Has anyone worked with Jordan Testcase's school before?"}
    warned = client.post(url("new_thread", ref=staff.uuid), words)
    assert warned.status_code == 400
    assert guard.MESSAGES[guard.YOUNG_PERSON] in warned.text
    assert "Has anyone worked with Jordan Testcase" in warned.text  # what was typed is kept
    assert "17 May 2011" not in warned.text and "referral" not in warned.text.lower().split("forum")[0]
    assert not Thread.objects.filter(title="Advice please").exists()

    posted = client.post(url("new_thread", ref=staff.uuid), words | {"confirmed": "on"})
    assert posted.status_code == 302
    post = Post.objects.get(thread__title="Advice please")
    assert post.warned == [guard.YOUNG_PERSON]
    # The lead sees what was published past a warning.
    assert "Advice please" in signed_in("exchange_lead").get(url("reports")).text


def test_a_young_person_outside_the_posters_scope_is_never_looked_for(world):
    staff = world.forum_staff()
    # The outsider manages South Hub: North Hub's Jordan Testcase is not theirs to be warned about.
    assert guard.check({"body": "Jordan Testcase"}, user=world.outsider).kinds == []
    assert guard.check({"body": "Jordan Testcase"}, user=world.manager_a).kinds == [guard.YOUNG_PERSON]
    thread = actions.start_thread(actor=world.outsider, category=staff, title="A name", body="Jordan Testcase")
    assert thread.posts.get().warned == []


@pytest.mark.parametrize(("text", "kind"), [
    ("Ring me on 07700 900123", guard.PHONE),
    ("She lives at 12 Acacia Avenue", guard.ADDRESS),
    ("The office is near M1 1AE", guard.ADDRESS),
    ("Her dob is in the file", guard.DATE_OF_BIRTH),
    ("Born 17/05/2011", guard.DATE_OF_BIRTH),
])
def test_personal_details_of_anyone_are_warned_about(world, text, kind):
    assert kind in guard.check({"body": text}, user=world.outsider).kinds
    with pytest.raises(guard.NeedsConfirming):
        actions.start_thread(actor=world.outsider, category=world.forum_staff(), title="Details", body=text)


def test_ordinary_words_are_not_warned_about(world):
    text = "Our group on 3 March went well: 12 young people, two sessions of 90 minutes, see page 45."
    assert guard.check({"body": text, "title": "Group work in spring"}, user=world.manager_a).kinds == []


def test_every_path_to_publishing_is_guarded(signed_in, world):
    thread = world.forum_thread()
    post = world.forum_post()
    client = signed_in("manager_a")
    named = "Jordan Testcase again"
    assert client.post(url("reply", ref=thread.uuid), {"body": named}).status_code == 400
    assert client.post(url("edit", ref=post.uuid), {"body": named}).status_code == 400
    post.refresh_from_db()
    assert "Jordan" not in post.body
    assert client.post(url("report", ref=world.forum_thread().posts.first().uuid),
                       {"reason": "other", "note": named}).status_code == 400
    with pytest.raises(guard.NeedsConfirming):
        actions.edit_post(actor=world.manager_a, post=post, body=named)
    with pytest.raises(guard.NeedsConfirming):
        actions.reply(actor=world.manager_a, thread=thread, body="x",
                      files=[SimpleUploadedFile("Jordan Testcase plan.pdf", TINY_PDF)])
    assert not PostReport.objects.exists()


# --- Markdown and the sanitiser ---------------------------------------------------------------


def test_markdown_is_rendered_without_raw_html_and_links_open_safely():
    html = markup.render("**bold** <script>alert(1)</script> [safe](https://example.org) "
                         "[bad](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as the words typed, never run
    assert 'href="https://example.org"' in html
    assert "noopener" in html and "noreferrer" in html
    assert "govuk-link" in html


def test_a_quote_renders_as_a_block_quote_of_the_quoted_words(signed_in, world):
    thread = world.forum_thread()
    first = thread.posts.order_by("created_at", "pk").first()
    page = signed_in("hub_worker_a").get(url("reply", ref=thread.uuid) + f"?quote={first.uuid}")
    assert page.status_code == 200 and "&gt; " in page.text
    posted = signed_in("hub_worker_a").post(url("reply", ref=thread.uuid), {
        "body": markup.quoted("Worker A", first.body) + "\n\nWe use the same.", "quoting": first.uuid})
    assert posted.status_code == 302
    reply = Post.objects.filter(thread=thread).order_by("-created_at", "-pk").first()
    assert reply.quoting_id == first.pk and "<blockquote" in reply.html


# --- Mentions, watching and the digest --------------------------------------------------------


def test_mentions_tell_only_people_who_read_the_category(world):
    thread = world.forum_thread()
    actions.reply(actor=world.worker_a, thread=thread, body="Thanks @manager-a, and @evaluator might know too.")
    assert told(world.manager_a, actions.MENTIONED) == 1
    assert told(world.evaluator, actions.MENTIONED) == 0  # does not read the staff category


def test_watchers_of_a_category_or_thread_are_told_of_new_posts_once_and_never_their_own(signed_in, world):
    staff = world.forum_staff()
    assert signed_in("hub_worker_a").post(url("watch", kind="category", ref=staff.uuid), {"on": "1"}).status_code == 302
    assert signed_in("evaluator").post(url("watch", kind="category", ref=staff.uuid), {"on": "1"}).status_code == 404
    thread = world.forum_thread()  # started by worker A, the manager replies
    assert told(world.hub_worker_a, actions.NEW_THREAD) == 1
    assert told(world.worker_a, actions.NEW_POST) == 1  # the starter watches their thread
    assert told(world.manager_a, actions.NEW_POST) == 0  # not their own reply
    actions.reply(actor=world.worker_a, thread=thread, body="Thank you, @manager-a")
    assert told(world.manager_a, actions.MENTIONED) == 1
    assert told(world.manager_a, actions.NEW_POST) == 0  # told once, as mentioned
    assert told(world.hub_worker_a, actions.NEW_POST) == 2

    signed_in("hub_worker_a").post(url("watch", kind="category", ref=staff.uuid), {"on": "0"})
    assert not Watch.objects.filter(person=world.hub_worker_a).exists()
    # A watcher who can no longer read the category is told nothing.
    Watch.objects.create(person=world.evaluator, category=staff, since=timezone.now())
    actions.reply(actor=world.worker_a, thread=thread, body="One more")
    assert told(world.evaluator, actions.NEW_POST) == 0


def test_the_daily_digest_is_one_email_of_what_is_watched_and_never_sent_twice(signed_in, world):
    thread = world.forum_thread()  # the manager replies, so watches it
    assert signed_in("manager_a").post(url("settings"), {"daily_digest": "on"}).status_code == 302
    assert Preference.objects.get(person=world.manager_a).daily_digest
    hidden = actions.reply(actor=world.worker_a, thread=thread, body="Something I should not have said")
    actions.hide_post(actor=world.exchange_lead, post=hidden, reason="Wrong place")
    actions.reply(actor=world.worker_a, thread=thread, body="A **second** thought")
    actions.reply(actor=world.hub_worker_a, thread=thread, body="And a third")
    later = timezone.now() + dt.timedelta(minutes=5)

    assert digest.send_digests(now=later) == 1
    message = OutgoingMessage.objects.get(key__startswith="exchange.digest:")
    assert message.recipients == [world.manager_a.email]
    assert "Resources for work with boys" in message.body and "2 new posts" in message.body
    assert "second thought" not in message.body and "should not" not in message.body  # never the words
    assert digest.send_digests(now=later) == 0
    assert digest.send_digests(now=later + dt.timedelta(hours=1)) == 0  # nothing new since
    assert OutgoingMessage.objects.filter(key__startswith="exchange.digest:").count() == 1

    # Someone who has not asked gets none; "off" writes no row.
    signed_in("hub_worker_a").post(url("settings"), {})
    assert not Preference.objects.filter(person=world.hub_worker_a).exists()


# --- Edits and history ------------------------------------------------------------------------


def test_an_author_edits_their_post_and_readers_see_its_earlier_words(signed_in, world):
    post = world.forum_post()
    assert signed_in("worker_a").get(url("edit", ref=post.uuid)).status_code == 403
    response = signed_in("manager_a").post(url("edit", ref=post.uuid), {"body": "We use the *Brook* tool and ours."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.edit_count == 1 and "and ours" in post.body
    history = signed_in("hub_worker_a").get(url("history", ref=post.uuid))
    assert history.status_code == 200 and "traffic light tool" in history.text
    assert AuditEvent.objects.filter(action="exchange.post.edited").count() == 1
    assert "and ours" not in str(AuditEvent.objects.get(action="exchange.post.edited").detail)


def test_a_first_posts_edit_can_change_the_title(world):
    thread = world.forum_thread()
    first = thread.posts.order_by("created_at", "pk").first()
    actions.edit_post(actor=world.worker_a, post=first, title="Resources for one-to-one work with boys",
                      body=first.body)
    thread.refresh_from_db()
    assert thread.title == "Resources for one-to-one work with boys"
    assert first.revisions.get().title == "Resources for work with boys"


# --- Moderation and reports -------------------------------------------------------------------


def test_the_lead_locks_pins_moves_and_hides_threads_and_staff_cannot(signed_in, world):
    thread = world.forum_thread()
    other = category(world, "Tools and resources")
    assert signed_in("manager_a").post(url("moderate", ref=thread.uuid), {"do": "lock"}).status_code == 403
    lead = signed_in("exchange_lead")
    assert lead.post(url("moderate", ref=thread.uuid), {"do": "lock"}).status_code == 302
    assert signed_in("worker_a").post(url("reply", ref=thread.uuid), {"body": "More"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.reply(actor=world.worker_a, thread=thread, body="More")
    assert lead.post(url("reply", ref=thread.uuid), {"body": "Locked: see the new thread."}).status_code == 302
    lead.post(url("moderate", ref=thread.uuid), {"do": "pin"})
    lead.post(url("moderate", ref=thread.uuid), {"do": "move", "category": other.uuid})
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.category_id == other.pk
    lead.post(url("moderate", ref=thread.uuid), {"do": "hide"})
    assert signed_in("worker_a").get(url("thread", ref=thread.uuid)).status_code == 404
    assert lead.get(url("thread", ref=thread.uuid)).status_code == 200
    assert AuditEvent.objects.filter(action__startswith="exchange.thread.").count() >= 4


def test_a_member_reports_a_post_the_lead_is_told_and_hides_it(signed_in, world):
    post = world.forum_post()
    assert signed_in("manager_a").get(url("report", ref=post.uuid)).status_code == 403  # their own
    assert signed_in("hub_worker_a").post(url("report", ref=post.uuid), {"reason": ""}).status_code == 400
    assert signed_in("hub_worker_a").post(url("report", ref=post.uuid),
                                          {"reason": "identifies"}).status_code == 302
    assert told(world.exchange_lead, actions.REPORTED) == 1
    report = PostReport.objects.get()
    lead = signed_in("exchange_lead")
    assert "Resources for work with boys" in lead.get(url("reports")).text
    assert lead.post(url("resolve", ref=report.uuid), {"outcome": "hidden"}).status_code == 302
    post.refresh_from_db()
    assert post.is_hidden
    thread_page = signed_in("worker_a").get(url("thread", ref=post.thread.uuid))
    assert "traffic light" not in thread_page.text
    assert signed_in("worker_a").get(url("history", ref=post.uuid)).status_code == 404
    assert Notification.objects.get(recipient=world.exchange_lead, kind=actions.REPORTED).resolved_at is not None


def test_removing_a_posts_words_takes_its_history_and_files_with_them(signed_in, world):
    attachment = world.forum_attachment()
    post = attachment.post
    actions.edit_post(actor=world.worker_a, post=post, body="Our leaflet, attached, second version.")
    lead = signed_in("exchange_lead")
    assert lead.post(url("redact", ref=post.uuid), {}).status_code == 400  # needs the button's value
    assert lead.post(url("redact", ref=post.uuid), {"confirm": "remove"}).status_code == 302
    post.refresh_from_db()
    assert post.is_redacted and post.is_hidden and "leaflet" not in post.body
    assert not post.revisions.exists() and not post.attachments.exists()
    # Shown again? Never, once its words are gone.
    with pytest.raises(ValidationError):
        actions.show_post(actor=world.exchange_lead, post=post)


# --- Attachments ------------------------------------------------------------------------------


def test_attachments_are_checked_by_content_and_served_only_to_readers(signed_in, world):
    thread = world.forum_thread()
    fake = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    refused = signed_in("worker_a").post(url("reply", ref=thread.uuid), {"body": "Attached", "attachments": [fake]})
    assert refused.status_code == 400 and "Attached" in refused.text
    assert not Post.objects.filter(body="Attached").exists()

    attachment = world.forum_attachment()
    download = signed_in("hub_worker_a").get(url("attachment", ref=attachment.uuid))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff" and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert signed_in("evaluator").get(url("attachment", ref=attachment.uuid)).status_code == 404
    assert signed_in("partner_a").get(url("attachment", ref=attachment.uuid)).status_code == 404


def test_too_many_or_too_large_attachments_are_refused(world, settings):
    thread = world.forum_thread()
    with pytest.raises(ValidationError):
        actions.reply(actor=world.worker_a, thread=thread, body="Four",
                      files=[SimpleUploadedFile(f"{n}.pdf", TINY_PDF) for n in range(4)])
    settings.HUBSPOKE_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        actions.reply(actor=world.worker_a, thread=thread, body="Big", files=[SimpleUploadedFile("a.pdf", TINY_PDF)])


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_posts_in_categories_the_person_reads_only(signed_in, world):
    world.forum_thread()
    managers = category(world, "Managers only", read=["service_manager"])
    actions.start_thread(actor=world.manager_a, category=managers, title="Budgets", body="The traffic light budget")
    found = signed_in("manager_a").get(url("search"), {"q": "traffic light"})
    assert found.status_code == 200 and "Budgets" in found.text and "Resources for work with boys" in found.text
    worker = signed_in("worker_a").get(url("search"), {"q": "traffic light"})
    assert "Resources for work with boys" in worker.text and "Budgets" not in worker.text
    assert signed_in("worker_a").get(url("search"), {"q": "a"}).status_code == 400


# --- Audit and query counts -------------------------------------------------------------------


def test_every_change_is_audited_without_the_words(world):
    world.forum_thread()
    for action in ("exchange.thread.started", "exchange.post.created"):
        event = AuditEvent.objects.get(action=action)
        assert "traffic light" not in str(event.detail) and "one-to-one" not in str(event.detail)


def _many_threads(world, n, start=0):
    staff = world.forum_staff()
    for i in range(start, start + n):
        thread = actions.start_thread(actor=world.worker_a if i % 2 else world.hub_worker_a, category=staff,
                                      title=f"Thread {i}", body=f"Question {i} about group work")
        actions.reply(actor=world.manager_a, thread=thread, body=f"Answer {i} about group work, @worker-a")


def test_the_forum_pages_keep_a_flat_number_of_queries(signed_in, world):
    _many_threads(world, 2)
    thread = world.forum_thread()
    client = signed_in("worker_a")
    grown = iter(range(2, 100, 6))

    def grow():
        start = next(grown)
        _many_threads(world, 6, start=start)
        for i in range(6):
            actions.reply(actor=world.hub_worker_a if i % 2 else world.manager_a, thread=thread, body=f"More {i}")

    for name, kwargs, query in (("index", {}, {}), ("category", {"ref": world.forum_staff().uuid}, {}),
                                ("thread", {"ref": thread.uuid}, {}), ("search", {}, {"q": "group work"})):
        assert_flat_queries(lambda name=name, kwargs=kwargs, query=query: client.get(url(name, **kwargs), query),
                            grow)
    lead = signed_in("exchange_lead")
    assert_flat_queries(lambda: lead.get(url("reports")), lambda: actions.report_post(
        actor=world.hub_worker_a, post=Post.objects.filter(author=world.manager_a).exclude(
            reports__isnull=False).first(), reason="wrong_place"))
