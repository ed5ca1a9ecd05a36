"""Marking events of a case's chronology as significant (only the marks are stored)."""

from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.models import Case, ChronologyMark


@transaction.atomic
def mark_significant(*, actor: User, case: Case, event_ref, significant: bool, request=None) -> None:
    """Mark (or unmark) an event in the case's chronology as significant."""
    if significant:
        ChronologyMark.objects.get_or_create(case=case, event_ref=event_ref,
                                             defaults={"marked_at": timezone.now(), "marked_by": actor})
    else:
        ChronologyMark.objects.filter(case=case, event_ref=event_ref).delete()
    audit.record(action="cases.chronology.marked" if significant else "cases.chronology.unmarked", actor=actor,
                 subject=case, request=request, detail={"event": str(event_ref)})
