"""Writing in the forum. Each action takes the acting person, checks the rules again whoever
calls it (``rules.py`` for who may do what, ``guard.py`` for what may be published), runs in one
transaction and writes its audit row there: what was done and to what, never the words.

People are told in Hubspoke, in the same transaction: those watching the thread or its
category of each new post, those mentioned (``@amira-shah``) of the post that mentions them,
and the exchange leads of a reported post; only people who may read the category are ever told.
Email is the daily digest's (``digest.py``), never one per post."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.exchange import guard, markup, queries, rules
from hubspoke.exchange.models import (
    BODY_MAX,
    FORUM_ROLES,
    TITLE_MAX,
    Attachment,
    Category,
    Mention,
    Post,
    PostReport,
    PostRevision,
    Preference,
    ReportOutcome,
    ReportReason,
    Thread,
    Watch,
)
from hubspoke.lib import uploads
from hubspoke.network import scoping
from hubspoke.network.models import Phase, Programme, Role
from hubspoke.notifications import actions as notifications

NEW_POST = "exchange.new_post"
NEW_THREAD = "exchange.new_thread"
MENTIONED = "exchange.mentioned"
REPORTED = "exchange.reported"
MAX_ATTACHMENTS = 3
MAX_MENTIONS = 10
_MENTION = re.compile(r"(?<![\w@])@([a-z0-9]+(?:-[a-z0-9]+){0,4})\b")


def _held(actor: User) -> tuple:
    return scoping.scope_for(actor).memberships


def _check_text(*, title: str | None = None, body: str) -> tuple[str | None, str]:
    errors = {}
    if title is not None:
        title = (title or "").strip()
        if not title:
            errors["title"] = "Enter a title for the thread"
        elif len(title) > TITLE_MAX:
            errors["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    body = (body or "").strip()
    if not body:
        errors["body"] = "Enter your post"
    elif len(body) > BODY_MAX:
        errors["body"] = f"Your post must be {BODY_MAX:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    return title, body


def _check_files(files) -> list[dict]:
    files = [f for f in files or [] if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"Attach {MAX_ATTACHMENTS} files or fewer"})
    return [uploads.check_file(f, limit=settings.HUBSPOKE_ATTACHMENT_MAX_BYTES, field="attachments",
                               larger="share a link to it instead") for f in files]


def _attach(post: Post, files, checked: list[dict]) -> None:
    for upload, stored in zip([f for f in files or [] if f], checked, strict=True):
        attachment = Attachment(post=post, **stored)
        attachment.file.save("attachment", upload, save=False)
        attachment.save()


def _guarded(actor: User, texts: dict[str, str], confirmed: bool) -> list[str]:
    return guard.require_confirmed(texts, user=actor, confirmed=confirmed)


def _mentioned(actor: User, category: Category, body: str) -> list[User]:
    handles = set(list(dict.fromkeys(_MENTION.findall(body)))[:MAX_MENTIONS])
    people = [p for p in queries.people_with_handles(handles) if p.pk != actor.pk]
    return queries.readers_among(category, people)


def _tell(actor: User, post: Post, *, mentioned: list[User], first: bool) -> None:
    """Mentions first; then watchers of the thread or its category, once each, never the writer."""
    if mentioned:
        Mention.objects.bulk_create([Mention(post=post, person=p) for p in mentioned], ignore_conflicts=True)
        notifications.notify(recipients=mentioned, kind=MENTIONED, subject=post)
    told = {p.pk for p in mentioned} | {actor.pk}
    watchers = [p for p in queries.watchers_of(post.thread) if p.pk not in told]
    watchers = queries.readers_among(post.thread.category, watchers)
    if watchers:
        notifications.notify(recipients=watchers, kind=NEW_THREAD if first else NEW_POST, subject=post)


# --- Categories (the exchange lead) ------------------------------------------------------------


def _category_fields(*, name: str, description: str, read_roles, post_roles, phase: Phase | None,
                     programme: Programme) -> dict:
    name, description = (name or "").strip(), (description or "").strip()
    read_roles, post_roles = list(dict.fromkeys(read_roles or [])), list(dict.fromkeys(post_roles or []))
    errors = {}
    if not name:
        errors["name"] = "Enter the category's name"
    elif len(name) > 80:
        errors["name"] = "The name must be 80 characters or fewer"
    if len(description) > 300:
        errors["description"] = "The description must be 300 characters or fewer"
    if Role.PARTNER in read_roles or Role.PARTNER in post_roles:
        errors["read_roles"] = "Partners have no place in the forum"
    elif not set(read_roles) <= set(FORUM_ROLES):
        errors["read_roles"] = "Select who reads the category from the list"
    if not set(post_roles) <= set(read_roles):
        errors["post_roles"] = "Only people who read a category can post in it: select them under who reads it too"
    if phase is not None and phase.programme_id != programme.pk:
        errors["phase"] = "Select a phase of the programme"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": description, "read_roles": read_roles, "post_roles": post_roles,
            "phase": phase}


def _lead_of(actor: User, programme_id: int) -> None:
    if not rules.is_lead(_held(actor), programme_id):
        raise PermissionDenied("Only the knowledge-exchange lead sets up the forum.")


@transaction.atomic
def create_category(*, actor: User, programme: Programme, name: str, description: str = "", read_roles=(),
                    post_roles=(), phase: Phase | None = None, position: int = 0, request=None) -> Category:
    _lead_of(actor, programme.pk)
    fields = _category_fields(name=name, description=description, read_roles=read_roles, post_roles=post_roles,
                              phase=phase, programme=programme)
    guard.require_confirmed({"name": fields["name"], "description": fields["description"]}, user=actor,
                            confirmed=True)
    if Category.objects.filter(programme=programme, name__iexact=fields["name"]).exists():
        raise ValidationError({"name": "There is already a category with this name"})
    category = Category.objects.create(programme=programme, position=position, created_at=timezone.now(), **fields)
    audit.record(action="exchange.category.created", actor=actor, subject=category, request=request,
                 detail={"read_roles": fields["read_roles"], "post_roles": fields["post_roles"],
                         "phase": phase.number if phase else None})
    return category


@transaction.atomic
def update_category(*, actor: User, category: Category, name: str, description: str = "", read_roles=(),
                    post_roles=(), phase: Phase | None = None, position: int | None = None,
                    is_archived: bool = False, request=None) -> Category:
    _lead_of(actor, category.programme_id)
    fields = _category_fields(name=name, description=description, read_roles=read_roles, post_roles=post_roles,
                              phase=phase, programme=category.programme)
    if Category.objects.filter(programme_id=category.programme_id, name__iexact=fields["name"]).exclude(
            pk=category.pk).exists():
        raise ValidationError({"name": "There is already a category with this name"})
    before = {"read_roles": category.read_roles, "post_roles": category.post_roles, "phase": category.phase_id,
              "is_archived": category.is_archived}
    for key, value in fields.items():
        setattr(category, key, value)
    category.is_archived = is_archived
    if position is not None:
        category.position = position
    category.save()
    after = {"read_roles": category.read_roles, "post_roles": category.post_roles, "phase": category.phase_id,
             "is_archived": category.is_archived}
    audit.record(action="exchange.category.changed", actor=actor, subject=category, request=request,
                 detail={"changed": sorted(k for k in after if after[k] != before[k])})
    return category


# --- Threads and posts ---------------------------------------------------------------------------


@transaction.atomic
def start_thread(*, actor: User, category: Category, title: str, body: str, confirmed: bool = False, files=(),
                 request=None) -> Thread:
    """A new thread with its first post. Refused (``guard.NeedsConfirming``) while the guard
    warns and the writer has not confirmed."""
    if not rules.may_post(_held(actor), category):
        raise PermissionDenied("You cannot start a thread in this category.")
    title, body = _check_text(title=title, body=body)
    checked = _check_files(files)
    warned = _guarded(actor, {"title": title, "body": body, **{f"file{n}": c["file_name"]
                                                               for n, c in enumerate(checked)}}, confirmed)
    now = timezone.now()
    thread = Thread.objects.create(category=category, title=title, started_by=actor, started_at=now,
                                   last_post_at=now)
    post = Post.objects.create(thread=thread, author=actor, body=body, html=markup.render(body), created_at=now,
                               warned=warned)
    _attach(post, files, checked)
    Watch.objects.get_or_create(person=actor, thread=thread, defaults={"since": now})
    _tell(actor, post, mentioned=_mentioned(actor, category, body), first=True)
    audit.record(action="exchange.thread.started", actor=actor, subject=thread, request=request,
                 detail={"category": str(category.uuid), "post": str(post.uuid), "attachments": len(checked),
                         "warned": warned})
    return thread


@transaction.atomic
def reply(*, actor: User, thread: Thread, body: str, quoting: Post | None = None, confirmed: bool = False,
          files=(), request=None) -> Post:
    """A reply. The thread is locked against its row while it is counted, so that two replies at
    once both count; a locked thread takes replies from the exchange lead only."""
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    held = _held(actor)
    lead = rules.may_moderate(held, thread.category)
    if not lead and (not rules.may_post(held, thread.category) or thread.is_locked or thread.is_hidden):
        raise PermissionDenied("This thread is locked: nobody can reply to it." if thread.is_locked
                               else "You cannot reply in this category.")
    _, body = _check_text(body=body)
    if quoting is not None and (quoting.thread_id != thread.pk or quoting.is_hidden or quoting.is_redacted):
        quoting = None
    checked = _check_files(files)
    warned = _guarded(actor, {"body": body, **{f"file{n}": c["file_name"] for n, c in enumerate(checked)}},
                      confirmed)
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=actor, body=body, html=markup.render(body), created_at=now,
                               quoting=quoting, warned=warned)
    _attach(post, files, checked)
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_post_at=now)
    Watch.objects.get_or_create(person=actor, thread=thread, defaults={"since": now})
    _tell(actor, post, mentioned=_mentioned(actor, thread.category, body), first=False)
    audit.record(action="exchange.post.created", actor=actor, subject=post, request=request,
                 detail={"thread": str(thread.uuid), "quoting": str(quoting.uuid) if quoting else None,
                         "attachments": len(checked), "warned": warned})
    return post


def is_first(post: Post) -> bool:
    return not Post.objects.filter(thread_id=post.thread_id, created_at__lt=post.created_at).exists() and \
        not Post.objects.filter(thread_id=post.thread_id, created_at=post.created_at, pk__lt=post.pk).exists()


@transaction.atomic
def edit_post(*, actor: User, post: Post, body: str, title: str | None = None, confirmed: bool = False,
              request=None) -> Post:
    """The author changes their post (and, for a thread's first post, its title); the words it
    had are kept as a version anyone who reads the post may see. Checked by the guard as a new
    post is; newly mentioned people are told."""
    post = Post.objects.select_for_update().select_related("thread__category").get(pk=post.pk)
    held = _held(actor)
    if post.author_id != actor.pk or post.is_hidden or post.is_redacted or not rules.may_post(
            held, post.thread.category) or (post.thread.is_locked and not rules.may_moderate(held,
                                                                                          post.thread.category)):
        raise PermissionDenied("You cannot change this post.")
    first = is_first(post)
    new_title, body = _check_text(title=title if first and title is not None else None, body=body)
    texts = {"body": body} | ({"title": new_title} if new_title is not None else {})
    warned = _guarded(actor, texts, confirmed)
    thread = post.thread
    title_changed = new_title is not None and new_title != thread.title
    if body == post.body and not title_changed:
        return post
    number = post.edit_count + 1
    PostRevision.objects.create(post=post, number=number, body=post.body, title=thread.title if title_changed else "",
                                written_at=post.edited_at or post.created_at)
    already = set(post.mentions.values_list("person_id", flat=True))
    post.body, post.html = body, markup.render(body)
    post.edited_at, post.edit_count = timezone.now(), number
    post.warned = sorted(set(post.warned) | set(warned))
    post.save(update_fields=["body", "html", "edited_at", "edit_count", "warned"])
    if title_changed:
        thread.title = new_title
        thread.save(update_fields=["title"])
    mentioned = [p for p in _mentioned(actor, thread.category, body) if p.pk not in already]
    if mentioned:
        Mention.objects.bulk_create([Mention(post=post, person=p) for p in mentioned], ignore_conflicts=True)
        notifications.notify(recipients=mentioned, kind=MENTIONED, subject=post)
    audit.record(action="exchange.post.edited", actor=actor, subject=post, request=request,
                 detail={"version": number, "title": title_changed, "warned": warned})
    return post


# --- Watching and email --------------------------------------------------------------------------


@transaction.atomic
def set_watch(*, actor: User, on: bool, category: Category | None = None, thread: Thread | None = None) -> None:
    target = {"category": category} if category is not None else {"thread": thread}
    the_category = category or thread.category
    if not rules.may_read(_held(actor), the_category):
        raise PermissionDenied("You cannot watch this.")
    if on:
        Watch.objects.get_or_create(person=actor, **target, defaults={"since": timezone.now()})
    else:
        Watch.objects.filter(person=actor, **target).delete()


@transaction.atomic
def set_daily_digest(*, actor: User, on: bool, request=None) -> Preference:
    preference = Preference.objects.filter(person=actor).first()
    if preference is None:
        if not on:
            return Preference(person=actor)  # the default: nothing to keep
        preference = Preference(person=actor)
    if preference.daily_digest != on or preference.pk is None:
        preference.daily_digest = on
        if on:
            preference.digest_sent_up_to = timezone.now()
        preference.save()
        audit.record(action="exchange.digest.changed", actor=actor, subject=actor, request=request,
                     detail={"daily_digest": on})
    return preference


# --- Reports and moderation --------------------------------------------------------------------


@transaction.atomic
def report_post(*, actor: User, post: Post, reason: str, note: str = "", confirmed: bool = False,
                request=None) -> PostReport:
    """A reader tells the exchange leads something is wrong with a post (never their own)."""
    if post.author_id == actor.pk or not rules.may_read(_held(actor), post.thread.category):
        raise PermissionDenied("You cannot report this post.")
    note = (note or "").strip()
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = "Select what is wrong with the post"
    if len(note) > 500:
        errors["note"] = "Your note must be 500 characters or fewer"
    if errors:
        raise ValidationError(errors)
    warned = guard.require_confirmed({"note": note}, user=actor, confirmed=confirmed)
    if PostReport.objects.filter(post=post, reported_by=actor, resolved_at__isnull=True).exists():
        raise ValidationError({"reason": "You have already reported this post: the exchange lead will look at it"})
    report = PostReport.objects.create(post=post, reported_by=actor, reason=reason, note=note,
                                       reported_at=timezone.now())
    leads = User.objects.filter(pk__in=queries.leads_of(post.thread.category.programme_id), is_active=True)
    notifications.notify(recipients=list(leads), kind=REPORTED, subject=post)
    audit.record(action="exchange.post.reported", actor=actor, subject=post, request=request,
                 detail={"report": str(report.uuid), "reason": reason, "warned": warned})
    return report


def _lead(actor: User, category: Category) -> None:
    if not rules.may_moderate(_held(actor), category):
        raise PermissionDenied("Only the knowledge-exchange lead moderates the forum.")


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str, request=None) -> Post:
    _lead(actor, post.thread.category)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the post is hidden: its writer is told"})
    if len(reason) > 200:
        raise ValidationError({"reason": "The reason must be 200 characters or fewer"})
    post.is_hidden, post.hidden_reason, post.hidden_at = True, reason, timezone.now()
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    audit.record(action="exchange.post.hidden", actor=actor, subject=post, request=request)
    return post


@transaction.atomic
def show_post(*, actor: User, post: Post, request=None) -> Post:
    _lead(actor, post.thread.category)
    if not post.is_hidden:
        raise ValidationError("The post is not hidden.")
    if post.is_redacted:
        raise ValidationError("A post whose words were removed cannot be shown again.")
    post.is_hidden, post.hidden_reason, post.hidden_at = False, "", None
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    audit.record(action="exchange.post.shown", actor=actor, subject=post, request=request)
    return post


REDACTED = "*The exchange lead removed this post's words.*"


@transaction.atomic
def redact_post(*, actor: User, post: Post, request=None) -> Post:
    """Remove a post's words for good, with its earlier versions and its attachments: for a post
    that identified someone. The post stays, hidden, so that the thread still reads in order."""
    _lead(actor, post.thread.category)
    post.revisions.all().delete()
    for attachment in post.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    post.mentions.all().delete()
    post.body, post.html = REDACTED, markup.render(REDACTED)
    post.is_redacted, post.is_hidden = True, True
    post.hidden_reason = post.hidden_reason or "Its words were removed"
    post.hidden_at = post.hidden_at or timezone.now()
    post.save(update_fields=["body", "html", "is_redacted", "is_hidden", "hidden_reason", "hidden_at"])
    audit.record(action="exchange.post.redacted", actor=actor, subject=post, request=request)
    return post


@transaction.atomic
def resolve_report(*, actor: User, report: PostReport, outcome: str, reason: str = "", request=None) -> PostReport:
    _lead(actor, report.post.thread.category)
    if outcome not in ReportOutcome.values:
        raise ValidationError({"outcome": "Select what was done about the post"})
    post = report.post
    if outcome == ReportOutcome.HIDDEN and not post.is_hidden:
        hide_post(actor=actor, post=post, reason=reason or report.get_reason_display(), request=request)
    elif outcome == ReportOutcome.REDACTED and not post.is_redacted:
        redact_post(actor=actor, post=post, request=request)
    now = timezone.now()
    # Every open report of the post is settled by the one decision.
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor,
                                                                          outcome=outcome)
    notifications.resolve(kinds=[REPORTED], subject=post)
    report.refresh_from_db()
    audit.record(action="exchange.report.resolved", actor=actor, subject=post, request=request,
                 detail={"report": str(report.uuid), "outcome": outcome})
    return report


DONE = {"pin": "pinned", "unpin": "unpinned", "lock": "locked", "unlock": "unlocked", "hide": "hidden",
        "show": "shown", "move": "moved"}
THREAD_MOVES = tuple(DONE)


@transaction.atomic
def moderate_thread(*, actor: User, thread: Thread, do: str, category: Category | None = None,
                    request=None) -> Thread:
    _lead(actor, thread.category)
    if do not in THREAD_MOVES:
        raise ValidationError({"do": "Select what to do with the thread"})
    detail = {"do": do}
    if do == "move":
        if category is None or category.programme_id != thread.category.programme_id:
            raise ValidationError({"category": "Select the category to move the thread to"})
        if category.pk == thread.category_id:
            raise ValidationError({"category": "The thread is already in this category"})
        detail |= {"from": str(thread.category.uuid), "to": str(category.uuid)}
        thread.category = category
    else:
        field, value = {"pin": ("is_pinned", True), "unpin": ("is_pinned", False), "lock": ("is_locked", True),
                        "unlock": ("is_locked", False), "hide": ("is_hidden", True),
                        "show": ("is_hidden", False)}[do]
        setattr(thread, field, value)
    thread.save()
    audit.record(action=f"exchange.thread.{DONE[do]}", actor=actor, subject=thread, request=request, detail=detail)
    return thread
