"""The network's knowledge exchange: a closed forum now (categories, threads, posts with their
earlier versions, attachments, mentions, watches, reports, each person's email preference).

Nothing here is about a young person: a post is checked before it is published so that it never
becomes a place for one (``guard.py``). Who reads and posts in a category follows the platform's
roles (``Category.read_roles``, ``post_roles``), decided in ``access.py``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.storage import private_storage
from hubspoke.network.models import Phase, Programme, Role

BODY_MAX = 20_000
TITLE_MAX = 150
# Roles that may have a place in the forum. Partners never do: "only hub and spoke workers and
# managers have an account". The exchange lead reads, posts and moderates everywhere.
FORUM_ROLES = (Role.SPOKE_WORKER, Role.HUB_WORKER, Role.SERVICE_MANAGER, Role.PROGRAMME_LEAD, Role.EVALUATOR,
               Role.ADMINISTRATOR)
STAFF_ROLES = (Role.SPOKE_WORKER, Role.HUB_WORKER, Role.SERVICE_MANAGER)


class Category(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="forum_categories")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Lists of ``Role`` values (FORUM_ROLES only); posting roles are among the reading roles.
    read_roles = models.JSONField(default=list)
    post_roles = models.JSONField(default=list)
    # Staff of services in this phase only (programme roles are not narrowed by it).
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_archived = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="exchange_category_unique_name",
                                    violation_error_message="There is already a category with this name"),
        ]

    def __str__(self):
        return self.name


class Thread(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    # Kept by the actions, so that a category's page never counts or sorts its posts.
    last_post_at = models.DateTimeField()
    reply_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # The category page: pinned first, then the most recently active.
            models.Index(fields=["category", "is_hidden", "-is_pinned", "-last_post_at"], name="exchange_thread_list"),
        ]

    def __str__(self):
        return self.title


class Post(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Markdown as typed; ``html`` is its sanitised rendering (markup.render), kept so that a
    # thread's page renders nothing.
    body = models.TextField(max_length=BODY_MAX)
    html = models.TextField()
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    quoting = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The poster was warned by the guard (what kinds: "young_person", "phone", "address",
    # "date_of_birth") and confirmed the post does not identify anyone; the exchange lead sees
    # these posts listed.
    warned = models.JSONField(default=list, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=200, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Its words were taken out for good by the exchange lead (and its earlier versions with them).
    is_redacted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["thread", "created_at"], name="exchange_post_thread")]

    def __str__(self):
        return f"Post in {self.thread_id}"


class PostRevision(models.Model):
    """A post's words before an edit: the history anyone who may read the post may see."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=BODY_MAX)
    title = models.CharField(max_length=TITLE_MAX, blank=True)  # the thread's, where the first post's edit changed it
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="exchange_revision_unique_number",
                                                  violation_error_message="This version of the post is already kept")]

    def __str__(self):
        return f"Version {self.number}"


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="exchange/%Y/%m/")
    file_name = models.CharField(max_length=200)
    file_size = models.PositiveIntegerField()
    file_type = models.CharField(max_length=100)

    def __str__(self):
        return self.file_name


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="exchange_mention_unique",
                                                  violation_error_message="The post already mentions this person")]

    def __str__(self):
        return "Mention"


class Watch(models.Model):
    """A person watching a category (every new thread and reply in it) or one thread."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(category__isnull=False, thread__isnull=True)
                                   | Q(category__isnull=True, thread__isnull=False),
                                   name="exchange_watch_one_thing",
                                   violation_error_message="Watch a category or a thread"),
            models.UniqueConstraint(fields=["person", "category"], condition=Q(category__isnull=False),
                                    name="exchange_watch_unique_category",
                                    violation_error_message="They already watch this category"),
            models.UniqueConstraint(fields=["person", "thread"], condition=Q(thread__isnull=False),
                                    name="exchange_watch_unique_thread",
                                    violation_error_message="They already watch this thread"),
        ]

    def __str__(self):
        return "Watching"


class ReportReason(models.TextChoices):
    IDENTIFIES = "identifies", "It could identify a young person"
    PERSONAL = "personal", "It shares someone's personal details"
    UNKIND = "unkind", "It is unkind, offensive or abusive"
    WRONG_PLACE = "wrong_place", "It is in the wrong place"
    OTHER = "other", "Something else"


class ReportOutcome(models.TextChoices):
    HIDDEN = "hidden", "The post was hidden"
    REDACTED = "redacted", "The post's words were removed"
    NO_ACTION = "no_action", "Nothing needed doing"


class PostReport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.CharField(max_length=500, blank=True)
    reported_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    outcome = models.CharField(max_length=20, choices=ReportOutcome.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reported_by"], condition=Q(resolved_at__isnull=True),
                                    name="exchange_report_one_open_each",
                                    violation_error_message="You have already reported this post"),
            models.CheckConstraint(condition=Q(resolved_at__isnull=True, outcome="")
                                   | Q(resolved_at__isnull=False, resolved_by__isnull=False) & ~Q(outcome=""),
                                   name="exchange_report_resolved_with_outcome",
                                   violation_error_message="A settled report says who settled it and what was done"),
        ]

    def __str__(self):
        return f"Report: {self.get_reason_display()}"


class Preference(models.Model):
    """One person's choices about the exchange's email (made the first time they change one)."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    daily_digest = models.BooleanField(default=False)
    # The newest post the last digest told them of: the next one starts after it.
    digest_sent_up_to = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return "Exchange email preference"
