"""Erasing the assessments about one young person (or about a referral that never became a
record), for a disposal decided in the retention app: the answers, notes and results with the
rows themselves. Writes no audit row (the disposal writes one); runs in the caller's
transaction. The tools they were made with are the programme's, not the young person's, and stay."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hubspoke.assessments.models import Assessment
from hubspoke.referrals.models import Referral, YoungPerson


def _erase(assessments: QuerySet) -> dict[str, int]:
    # A review points at the assessment it reviews: unlink them first, so every one can go at once.
    Assessment.objects.filter(review_of__in=assessments).update(review_of=None)
    _, by_model = assessments.delete()
    count = by_model.get(Assessment._meta.label, 0)
    return {"assessments": count} if count else {}


def erase(young_person: YoungPerson) -> dict[str, int]:
    return _erase(Assessment.objects.filter(Q(young_person=young_person) | Q(referral__young_person=young_person)))


def erase_referral(referral: Referral) -> dict[str, int]:
    """A screening of a referral with no record (declined, or closed without a decision)."""
    return _erase(Assessment.objects.filter(referral=referral))
