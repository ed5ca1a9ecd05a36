"""Erasing everything the rights app holds about one young person, for disposal: every subject
access request about them with its pauses, redaction marks, frozen snapshot and bundles, and the
bundle files themselves. Runs inside the caller's transaction; writes no audit row (the disposal
writes one)."""

from __future__ import annotations

from django.db import transaction

from hubspoke.referrals.models import YoungPerson
from hubspoke.rights.models import Bundle, Pause, Redaction, SubjectAccessRequest


def erase(young_person: YoungPerson) -> dict[str, int]:
    requests = SubjectAccessRequest.objects.filter(young_person_id=young_person.pk)
    bundles = Bundle.objects.filter(request__in=requests)
    files = list(bundles.exclude(file="").values_list("file", flat=True))
    counts = {
        "subject access bundles": bundles.count(),
        "redaction marks": Redaction.objects.filter(request__in=requests).count(),
        "pauses": Pause.objects.filter(request__in=requests).count(),
        "subject access requests": requests.count(),
    }
    bundles.delete()
    Redaction.objects.filter(request__in=requests).delete()
    Pause.objects.filter(request__in=requests).delete()
    requests.delete()  # the frozen snapshot goes with its request
    storage = Bundle.file.field.storage

    def delete_files():
        for name in files:
            storage.delete(name)

    # The files go once the rows have gone for good; a rolled-back disposal keeps both.
    transaction.on_commit(delete_files)
    return counts
