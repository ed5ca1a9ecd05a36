from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only row per thing that happened: who, in what role and organisation, did
    what to which subject, when, in which request. Never record content: only references and
    the names of what changed. The database refuses UPDATE and DELETE on this table (see
    migration 0002)."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_role = models.CharField(max_length=30, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    # Namespaced code: "<app>.<thing>.<verb>", e.g. "network.membership.ended".
    action = models.CharField(max_length=100)
    subject_kind = models.CharField(max_length=60, blank=True)
    subject_ref = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # "Who has seen this record": every event about one subject, newest first, a page at a
            # time by id (the keyset), so the index ends with id and no page scans the whole trail.
            models.Index(fields=["subject_kind", "subject_ref", "-id"], name="audit_subject_id"),
            # A person's own trail, for investigations.
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
