"""The only way a view gets a forum object. The rules are ``rules.py``'s, asked with the
person's scope (their memberships today, read once per request):

- someone with no place in the forum (a partner, anyone without a current role) gets the same
  404 for every forum page, as for a page that does not exist;
- a category they may not read, a thread in one, a hidden thread or post (but for the exchange
  lead) and anything that does not exist: the same 404;
- somewhere they may read but not do what they asked (post in a read-only category, reply in a
  locked thread, edit another person's post, moderate without being the lead): 403."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.exchange import queries, rules
from hubspoke.exchange.models import Attachment, Category, Post, PostReport, Thread
from hubspoke.network import scoping


def memberships(request) -> tuple:
    return scoping.scope_for(request.user).memberships


def require_member(request) -> tuple:
    """The person's memberships, if they have a place in the forum (404 otherwise)."""
    held = memberships(request)
    if not rules.has_forum(held):
        raise deny_not_found(request=request, kind="exchange.forum", ref="index")
    return held


def require_lead(request) -> tuple:
    held = require_member(request)
    if not rules.is_lead(held):
        raise deny_read_only(request=request, kind="exchange.forum", ref="moderation")
    return held


def lead_programme_ids(held) -> set[int]:
    return {m.programme_id for m in held if m.role == rules.Role.EXCHANGE_LEAD}


def readable_categories(request) -> list[Category]:
    return queries.categories_for(require_member(request))


def get_category(request, ref, *, to: str = "read") -> Category:
    """``to``: "read", "post" (403 where read-only) or "manage" (the lead)."""
    held = require_member(request)
    category = Category.objects.filter(uuid=ref).select_related("phase").first()
    if category is None or not rules.may_read(held, category):
        raise deny_not_found(request=request, kind="exchange.category", ref=ref)
    if (to == "post" and not rules.may_post(held, category)) or (
            to == "manage" and not rules.may_moderate(held, category)):
        raise deny_read_only(request=request, kind="exchange.category", ref=ref)
    return category


def _thread_visible(held, thread: Thread) -> bool:
    return rules.may_read(held, thread.category) and (not thread.is_hidden or rules.is_lead(held))


def get_thread(request, ref, *, to: str = "read") -> Thread:
    """``to``: "read", "reply" (a posting role, and the thread not locked unless for the lead)
    or "moderate" (the lead)."""
    held = require_member(request)
    thread = Thread.objects.filter(uuid=ref).select_related("category__phase", "started_by").first()
    if thread is None or not _thread_visible(held, thread):
        raise deny_not_found(request=request, kind="exchange.thread", ref=ref)
    lead = rules.may_moderate(held, thread.category)
    if to == "reply" and not (lead or (rules.may_post(held, thread.category) and not thread.is_locked)):
        raise deny_read_only(request=request, kind="exchange.thread", ref=ref)
    if to == "moderate" and not lead:
        raise deny_read_only(request=request, kind="exchange.thread", ref=ref)
    return thread


def may_reply(request, thread: Thread) -> bool:
    held = memberships(request)
    return rules.may_moderate(held, thread.category) or (
        rules.may_post(held, thread.category) and not thread.is_locked)


def is_lead_of(request, category: Category) -> bool:
    return rules.may_moderate(memberships(request), category)


def get_post(request, ref, *, to: str = "read") -> Post:
    """``to``: "read"; "edit" (its author, while the thread is open and the post neither hidden
    nor redacted, and still able to post there); "report" (anyone who reads it, not its author);
    "moderate" (the lead). A hidden post is read only by the lead."""
    held = require_member(request)
    post = Post.objects.filter(uuid=ref).select_related("thread__category__phase", "author").first()
    if post is None or not _thread_visible(held, post.thread):
        raise deny_not_found(request=request, kind="exchange.post", ref=ref)
    lead = rules.may_moderate(held, post.thread.category)
    if post.is_hidden and not lead and to != "read":
        raise deny_not_found(request=request, kind="exchange.post", ref=ref)
    refused = {
        "edit": post.author_id != request.user.pk or post.is_hidden or post.is_redacted
        or not rules.may_post(held, post.thread.category) or (post.thread.is_locked and not lead),
        "report": post.author_id == request.user.pk or post.is_redacted,
        "moderate": not lead,
    }.get(to, False)
    if refused:
        raise deny_read_only(request=request, kind="exchange.post", ref=ref)
    return post


def get_attachment(request, ref):
    """An attachment of a post the person may read (a hidden post's only for the lead)."""
    held = require_member(request)
    attachment = Attachment.objects.filter(uuid=ref).select_related("post__thread__category").first()
    if attachment is None or not _thread_visible(held, attachment.post.thread) or (
            attachment.post.is_hidden and not rules.may_moderate(held, attachment.post.thread.category)):
        raise deny_not_found(request=request, kind="exchange.attachment", ref=ref)
    return attachment


def get_report(request, ref) -> PostReport:
    held = require_lead(request)
    report = PostReport.objects.filter(uuid=ref, resolved_at__isnull=True,
                                       post__thread__category__programme_id__in=lead_programme_ids(held)) \
        .select_related("post__thread__category").first()
    if report is None:
        raise deny_not_found(request=request, kind="exchange.postreport", ref=ref)
    return report
