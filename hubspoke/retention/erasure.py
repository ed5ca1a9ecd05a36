"""Carrying out a disposal: every app that holds the record's personal data erases its rows
and files, top layer first, in the caller's transaction. Adding an app is one line in
``ERASERS``. The audit trail is not erased (its rows never held content, and the database
refuses to change them); the disposal writes its own row there. Figures already submitted in
monitoring returns are untouched: they never held identities.

Each eraser takes the young person's record and returns counts by plain label; none writes an
audit row. A legal hold refuses erasure here too, whoever calls it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from hubspoke.assessments import erasure as assessments_erasure
from hubspoke.assessments.models import Assessment
from hubspoke.cases import erasure as cases_erasure
from hubspoke.cases.models import Case, CaseTransfer, Contact, MissingEpisode, PlanGoal, TransferStatus
from hubspoke.engagement import erasure as engagement_erasure
from hubspoke.notifications import actions as notification_actions
from hubspoke.participation import erasure as participation_erasure
from hubspoke.referrals import erasure as referrals_erasure
from hubspoke.referrals.models import Referral, YoungPerson
from hubspoke.retention.models import Disposal, LegalHold
from hubspoke.rights import erasure as rights_erasure
from hubspoke.rights.models import SubjectAccessRequest
from hubspoke.safety import erasure as safety_erasure
from hubspoke.sharing import erasure as sharing_erasure
from hubspoke.sharing.models import ConsentRecord, DecisionNotToShare, Disclosure, InformationRequest
from hubspoke.stories import erasure as stories_erasure
from hubspoke.stories.models import Story, StoryVersion

Eraser = Callable[[YoungPerson], dict[str, int]]


def erase_own(young_person: YoungPerson) -> dict[str, int]:
    """Retention's own rows about the record: its legal holds (all lifted, or nothing would
    reach here) go; its disposals stay, pointing at the record by reference only."""
    Disposal.objects.filter(young_person=young_person).update(young_person=None)
    count = LegalHold.objects.filter(young_person=young_person).delete()[0]
    return {"legal holds": count} if count else {}


def erase_own_referral(referral: Referral) -> dict[str, int]:
    Disposal.objects.filter(referral=referral).update(referral=None)
    count = LegalHold.objects.filter(referral=referral).delete()[0]
    return {"legal holds": count} if count else {}


# Top layer first (an app may point at the apps below it, never above).
ERASERS: tuple[tuple[str, Eraser], ...] = (
    ("retention", erase_own),
    ("rights", rights_erasure.erase),
    ("stories", stories_erasure.erase),
    ("engagement", engagement_erasure.erase),
    ("participation", participation_erasure.erase),
    ("safety", safety_erasure.erase),
    ("cases", cases_erasure.erase),
    ("assessments", assessments_erasure.erase),
    ("sharing", sharing_erasure.erase),
    ("referrals", referrals_erasure.erase),
)

REFERRAL_ERASERS: tuple[tuple[str, Callable[[Referral], dict[str, int]]], ...] = (
    ("retention", erase_own_referral),
    ("assessments", assessments_erasure.erase_referral),
    ("referrals", referrals_erasure.erase_referral),
)


def _refuse_if_held(*, young_person=None, referral=None) -> None:
    held = LegalHold.objects.filter(lifted_at__isnull=True)
    held = held.filter(young_person=young_person) if young_person else held.filter(referral=referral)
    if held.exists():
        raise ValidationError("This record is on legal hold: lift the hold before disposing of it.")


def subject_refs_of(young_person: YoungPerson) -> set[str]:
    """The UUIDs of the records erased with this young person's, which notifications may be about."""
    cases = Case.objects.filter(young_person=young_person)
    groups = [
        Referral.objects.filter(young_person=young_person),
        cases,
        CaseTransfer.objects.filter(case__in=cases),
        Contact.objects.filter(case__in=cases),
        PlanGoal.objects.filter(case__in=cases),
        MissingEpisode.objects.filter(case__in=cases),
        Assessment.objects.filter(young_person=young_person),
        ConsentRecord.objects.filter(young_person=young_person),
        Disclosure.objects.filter(young_person=young_person),
        DecisionNotToShare.objects.filter(young_person=young_person),
        InformationRequest.objects.filter(young_person=young_person),
        Story.objects.filter(young_person=young_person),
        StoryVersion.objects.filter(story__young_person=young_person),
        SubjectAccessRequest.objects.filter(young_person=young_person),
    ]
    refs = {str(young_person.uuid)}
    for queryset in groups:
        refs.update(str(ref) for ref in queryset.values_list("uuid", flat=True))
    return refs


def copies_elsewhere(young_person: YoungPerson) -> list[dict]:
    """Other services holding their own copy of this record, made when they accepted its
    transfer: their own records, with their own retention, not erased here."""
    transfers = (CaseTransfer.objects.filter(case__young_person=young_person, status=TransferStatus.ACCEPTED)
                 .exclude(to_service_id=young_person.service_id).select_related("to_service"))
    return [{"service": t.to_service.name, "on": t.decided_at.date().isoformat() if t.decided_at else ""}
            for t in transfers]


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for label, count in more.items():
        counts[label] = counts.get(label, 0) + count


def erase_young_person(young_person: YoungPerson) -> dict[str, int]:
    """Erase the record and everything held with it; counts by plain label. Refused while the
    record is on legal hold. The caller holds the transaction (and writes the audit row)."""
    _refuse_if_held(young_person=young_person)
    refs = subject_refs_of(young_person)
    counts: dict[str, int] = {}
    for _app, eraser in ERASERS:
        _add(counts, eraser(young_person))
    _add(counts, {"notifications": notification_actions.delete_about(subject_refs=refs)})
    return {label: count for label, count in counts.items() if count}


def erase_referral(referral: Referral) -> dict[str, int]:
    """Erase a referral that never became a record (declined, or closed without a decision)."""
    _refuse_if_held(referral=referral)
    refs = {str(referral.uuid)} | {str(ref) for ref in referral.assessments.values_list("uuid", flat=True)}
    counts: dict[str, int] = {}
    for _app, eraser in REFERRAL_ERASERS:
        _add(counts, eraser(referral))
    _add(counts, {"notifications": notification_actions.delete_about(subject_refs=refs)})
    return {label: count for label, count in counts.items() if count}
