"""Reading the forum. Every list is a fixed number of queries however long it is: counts and
"last post" are kept on the thread by the actions, authors' roles come in one query for a page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max, Q, QuerySet
from django.utils.text import slugify

from hubspoke.accounts.models import User
from hubspoke.exchange import rules
from hubspoke.exchange.models import Attachment, Category, Post, PostReport, PostRevision, Preference, Thread, Watch
from hubspoke.network.models import Membership, Phase, Programme, Role
from hubspoke.network.scoping import current_memberships_q

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20
RESULTS_PER_PAGE = 20


def memberships_of(people: list) -> dict[int, list[Membership]]:
    """Each person's memberships in force today, with their places: one query for them all."""
    found: dict[int, list[Membership]] = defaultdict(list)
    if not people:
        return found
    for m in (Membership.objects.filter(current_memberships_q(), person__in=[p.pk for p in people])
              .select_related("service", "spoke__service", "programme").order_by("pk")):
        found[m.person_id].append(m)
    return found


def readers_among(category: Category, people: list) -> list:
    """Those of ``people`` who may read the category today (one query)."""
    held = memberships_of(people)
    return [p for p in people if rules.may_read(held.get(p.pk, []), category)]


def leads_of(programme_id: int) -> list[int]:
    """The people who are the programme's exchange lead today."""
    return list(Membership.objects.filter(current_memberships_q(), role=Role.EXCHANGE_LEAD,
                                          programme_id=programme_id).values_list("person_id", flat=True))


def categories_for(memberships) -> list[Category]:
    """The categories a person may read, in their order (one query)."""
    programmes = rules.programme_ids(memberships)
    if not programmes:
        return []
    every = Category.objects.filter(programme_id__in=programmes).select_related("phase")
    return [c for c in every if rules.may_read(memberships, c)]


def category_activity(categories: list[Category], *, lead: bool) -> dict[int, dict]:
    """Threads and the last post of each category: one query."""
    threads = Thread.objects.filter(category__in=categories)
    if not lead:
        threads = threads.filter(is_hidden=False)
    rows = threads.values("category_id").annotate(threads=Count("pk"), last=Max("last_post_at"))
    return {row["category_id"]: row for row in rows}


def threads_of(category: Category, *, lead: bool) -> QuerySet[Thread]:
    threads = category.threads.select_related("started_by")
    if not lead:
        threads = threads.filter(is_hidden=False)
    return threads.order_by("-is_pinned", "-last_post_at", "-pk")


def posts_of(thread: Thread) -> QuerySet[Post]:
    return (thread.posts.select_related("author", "quoting__author").prefetch_related("attachments")
            .order_by("created_at", "pk"))


def position_of(post: Post) -> int:
    """Which page of its thread a post is on (1 for the first)."""
    before = post.thread.posts.filter(Q(created_at__lt=post.created_at)
                                      | Q(created_at=post.created_at, pk__lt=post.pk)).count()
    return before // POSTS_PER_PAGE + 1


def roles_of_authors(posts) -> dict[int, str]:
    """"Spoke worker, North Hub": each author's roles today, for the posts on a page (one query)."""
    authors = {p.author_id: p.author for p in posts}
    held = memberships_of(list(authors.values()))
    described = {}
    for person_id in authors:
        parts = []
        for m in held.get(person_id, []):
            service = rules._service_of(m)
            where = service.name if service is not None else ("the programme" if m.programme_id else "")
            if m.agency_id:
                continue
            parts.append(f"{m.get_role_display()}, {where}" if where else m.get_role_display())
        described[person_id] = "; ".join(dict.fromkeys(parts)) or "No longer in post"
    return described


def watching(person, *, category: Category | None = None, thread: Thread | None = None) -> bool:
    watches = Watch.objects.filter(person=person)
    if category is not None:
        return watches.filter(category=category).exists()
    return watches.filter(Q(thread=thread) | Q(category_id=thread.category_id)).exists()


def watched_category_ids(person) -> set[int]:
    return set(Watch.objects.filter(person=person, category__isnull=False).values_list("category_id", flat=True))


def watchers_of(thread: Thread) -> list[User]:
    """Everyone watching the thread or its category (one query)."""
    return list(User.objects.filter(Q(pk__in=Watch.objects.filter(thread=thread).values("person_id"))
                                    | Q(pk__in=Watch.objects.filter(category_id=thread.category_id)
                                        .values("person_id")), is_active=True))


def handle_of(person) -> str:
    """How to mention someone in a post: ``@`` and their name in lower case with hyphens."""
    return slugify(person.full_name)


def people_with_handles(handles: set[str]) -> list[User]:
    """The active people whose handle is one of these (one query: names starting with the
    handles' first words, then compared exactly)."""
    if not handles:
        return []
    first_words = Q()
    for handle in handles:
        first_words |= Q(full_name__istartswith=handle.split("-")[0])
    return [u for u in User.objects.filter(first_words, is_active=True) if handle_of(u) in handles]


def search(categories: list[Category], terms: list[str], *, lead: bool) -> QuerySet[Post]:
    """Posts in these categories with every term in the post or its thread's title, newest first."""
    posts = Post.objects.filter(thread__category__in=categories, is_redacted=False)
    if not lead:
        posts = posts.filter(is_hidden=False, thread__is_hidden=False)
    for term in terms:
        posts = posts.filter(Q(body__icontains=term) | Q(thread__title__icontains=term))
    return posts.select_related("thread__category", "author").order_by("-created_at", "-pk")


def open_reports(programme_ids) -> QuerySet[PostReport]:
    return (PostReport.objects.filter(resolved_at__isnull=True, post__thread__category__programme_id__in=programme_ids)
            .select_related("post__thread__category", "post__author", "reported_by").order_by("reported_at", "pk"))


def warned_posts(programme_ids, *, since: dt.datetime) -> QuerySet[Post]:
    """Posts published after the guard warned their writer, who confirmed them: for the lead."""
    return (Post.objects.filter(thread__category__programme_id__in=programme_ids, created_at__gte=since,
                                is_redacted=False).exclude(warned=[])
            .select_related("thread__category", "author").order_by("-created_at", "-pk"))


def revisions_of(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.all()


def attachment_of(post: Post, ref) -> Attachment | None:
    return post.attachments.filter(uuid=ref).first()


def preference_of(person) -> Preference:
    return Preference.objects.filter(person=person).first() or Preference(person=person)


def categories_of(programme_ids) -> list[Category]:
    return list(Category.objects.filter(programme_id__in=programme_ids).select_related("phase"))


def phases_of(programme_ids) -> list[Phase]:
    return list(Phase.objects.filter(programme_id__in=programme_ids).order_by("number"))


def programme_of_lead(programme_ids) -> Programme | None:
    return Programme.objects.filter(pk__in=programme_ids).order_by("pk").first()


def latest_threads(categories: list[Category], *, lead: bool) -> QuerySet[Thread]:
    threads = Thread.objects.filter(category__in=categories).select_related("category")
    if not lead:
        threads = threads.filter(is_hidden=False)
    return threads.order_by("-last_post_at", "-pk")
