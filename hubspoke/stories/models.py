"""A young person's own story: what their worker writes for them, in plain words, with the
parts of the record chosen to go in it; each version kept as it was given.

A story belongs to a case, not to the young person across services: its events, its plan goals
and the people who may write it (the case's allocated workers and the service's managers) are
the case's, and when support moves to another service that service tells its own part. A young
person with two cases over the years has two stories, both listed on their page.

The draft is the worker's words and choices, edited until it is right. Finishing it freezes a
``StoryVersion``: the exact words, events, goals and assessment outcome the young person will
read, as JSON on the version, so a later change to the record never changes what was given.
The PDF and the printable page are made from that snapshot on demand: no file is stored."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.cases.models import Case
from hubspoke.network.models import Service
from hubspoke.referrals.models import YoungPerson
from hubspoke.sharing.models import Disclosure


class Story(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="story")
    # Copied from the case, for scoping, gathering and erasure by young person without a join.
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="stories")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    # The draft: {"answers": {question: text}, "events": [{"key", "line", "confirmed"}],
    # "goals": [goal uuid], "assessment": bool, "looked_at": bool}. What the worker is writing;
    # nobody outside the case's workers sees it until a version is finished.
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self):
        return f"Story of {self.young_person}"


class GivenHow(models.TextChoices):
    IN_PERSON = "in_person", "Read and talked through together, in person"
    PRINTED = "printed", "A printed copy"
    PDF = "pdf", "A PDF copy"


class StoryVersion(models.Model):
    """A finished version, numbered from 1 within its story, kept whatever happens next."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    # What the young person reads, exactly (rules.build_snapshot): their name, the service, the
    # worker's words, the chosen events as worded, goals, assessment outcome, and, per item
    # added deliberately, the warning the worker confirmed (shown to staff, never printed).
    snapshot = models.JSONField()
    # sharing.categories values the snapshot contains: the categories of its disclosure.
    categories = models.JSONField(default=list)
    finished_at = models.DateTimeField()
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The manager's check, where the service asks for one (Service.stories_need_manager_check).
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # Giving it to the young person: recorded as a disclosure to them (sharing's door).
    given_on = models.DateField(null=True, blank=True)
    given_how = models.CharField(max_length=12, choices=GivenHow.choices, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    given_recorded_at = models.DateTimeField(null=True, blank=True)
    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="story_version")

    class Meta:
        ordering = ["story", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="stories_version_number_unique",
                                    violation_error_message="This story already has a version with this number"),
            models.CheckConstraint(
                condition=Q(given_on__isnull=True) | (Q(given_by__isnull=False) & ~Q(given_how="")
                                                      & Q(disclosure__isnull=False)),
                name="stories_given_is_recorded",
                violation_error_message="A version given must say by whom, how, and its disclosure",
            ),
            models.CheckConstraint(
                condition=Q(checked_at__isnull=True) | Q(checked_by__isnull=False),
                name="stories_checked_by_someone",
                violation_error_message="A check must say who checked",
            ),
        ]
        indexes = [models.Index(fields=["checked_at", "given_on"], name="stories_version_waiting")]

    def __str__(self):
        return f"Version {self.number} of {self.story}"
