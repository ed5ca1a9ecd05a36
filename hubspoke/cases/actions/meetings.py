"""Multi-agency meetings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Case, Meeting, MeetingKind


@transaction.atomic
def record_meeting(*, actor: User, case: Case, kind: str, held_on, agencies_present: str, decisions: str,
                   actions: str = "", request=None) -> Meeting:
    locked = locked_open_case(case)
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Select the kind of meeting"
    if held_on > timezone.localdate():
        errors["held_on"] = "The date of the meeting must not be in the future"
    if not agencies_present.strip():
        errors["agencies_present"] = "Enter the agencies that were there"
    if not decisions.strip():
        errors["decisions"] = "Enter what was decided"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(case=locked, kind=kind, held_on=held_on, agencies_present=agencies_present.strip(),
                                     decisions=decisions.strip(), actions=actions.strip(), recorded_at=timezone.now(),
                                     recorded_by=actor)
    audit.record(action="cases.meeting.recorded", actor=actor, subject=locked, request=request,
                 detail={"meeting": str(meeting.uuid), "kind": kind})
    return meeting
