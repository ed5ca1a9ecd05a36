"""The daily email of new posts in what a person watches, for those who ask for it
(``Preference.daily_digest``). Run each morning by the scheduler (``tasks.send_digests``).

One email per person per day at most, with an idempotency key naming the person and the day,
written through the outbox in the same transaction that moves their ``digest_sent_up_to`` on,
so a second run the same day, or a run after a crash, sends nothing twice. It lists each thread
with how many new posts it has and a link; never the posts' words. Only what the person may
read today is listed: a category they no longer read, a hidden thread or post, their own posts,
are left out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hubspoke.exchange import queries, rules
from hubspoke.exchange.models import Post, Preference, Watch
from hubspoke.lib.links import absolute_url
from hubspoke.outbox import actions as outbox

# A first digest, or one after a long gap, looks back at most this far.
LOOK_BACK = dt.timedelta(days=7)


def _watched(person_ids) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    categories, threads = defaultdict(set), defaultdict(set)
    for person_id, category_id, thread_id in Watch.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "category_id", "thread_id"):
        (categories[person_id].add(category_id) if category_id else threads[person_id].add(thread_id))
    return categories, threads


def content_for(preference: Preference, *, posts: list[Post], categories: set[int], threads: set[int],
                memberships) -> list[tuple[Post, int]]:
    """(the thread's latest new post, how many new) for each thread with news for this person."""
    counts: dict[int, list] = {}
    for post in posts:
        if post.author_id == preference.person_id:
            continue
        if post.thread.category_id not in categories and post.thread_id not in threads:
            continue
        if not rules.may_read(memberships, post.thread.category):
            continue
        if preference.digest_sent_up_to and post.created_at <= preference.digest_sent_up_to:
            continue
        entry = counts.setdefault(post.thread_id, [post, 0])
        entry[0] = post
        entry[1] += 1
    return sorted(((p, n) for p, n in counts.values()), key=lambda item: item[0].created_at, reverse=True)


def body_of(person, items: list[tuple[Post, int]], since: dt.datetime) -> str:
    local = timezone.localtime(since)
    lines = [f"New posts in the forum threads and categories you watch, since {local.day} {local:%B}:", ""]
    for post, count in items:
        lines.append(f"{post.thread.category.name}: {post.thread.title}")
        lines.append(f"{count} new post{'s' if count != 1 else ''}: "
                     + absolute_url(reverse("exchange:post", kwargs={"ref": post.uuid})))
        lines.append("")
    lines += ["You are sent this email because you asked for it. To stop it, change your choice here:",
              absolute_url(reverse("exchange:settings"))]
    return "\n".join(lines)


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Each person who asked for it, with news: one email. Returns how many were written."""
    now = now or timezone.now()
    preferences = list(Preference.objects.filter(daily_digest=True, person__is_active=True).select_related("person"))
    if not preferences:
        return 0
    earliest = min((p.digest_sent_up_to or now - LOOK_BACK) for p in preferences)
    earliest = max(earliest, now - LOOK_BACK)
    posts = list(Post.objects.filter(Q(created_at__gt=earliest), Q(created_at__lte=now), is_hidden=False,
                                     thread__is_hidden=False)
                 .select_related("thread__category").order_by("created_at", "pk"))
    if not posts:
        return 0
    person_ids = [p.person_id for p in preferences]
    categories, threads = _watched(person_ids)
    held = queries.memberships_of([p.person for p in preferences])
    written = 0
    day = timezone.localdate(now).isoformat()
    for preference in preferences:
        since = max(preference.digest_sent_up_to or now - LOOK_BACK, now - LOOK_BACK)
        items = content_for(preference, posts=[p for p in posts if p.created_at > since],
                            categories=categories.get(preference.person_id, set()),
                            threads=threads.get(preference.person_id, set()),
                            memberships=held.get(preference.person_id, []))
        if not items:
            continue
        with transaction.atomic():
            claimed = Preference.objects.filter(pk=preference.pk, digest_sent_up_to=preference.digest_sent_up_to) \
                .update(digest_sent_up_to=now)
            if not claimed:
                continue  # another run has just sent it
            total = sum(n for _, n in items)
            outbox.enqueue_email(
                key=f"exchange.digest:{preference.person.uuid}:{day}", to=[preference.person.email],
                subject=f"Hubspoke forum: {total} new post{'s' if total != 1 else ''} in what you watch",
                body=body_of(preference.person, items, since))
            written += 1
    return written
