"""Erasing everything the cases app holds about one young person, for a disposal decided in
the retention app: every case of theirs at their service with every row of its file, top layer
first (the foreign keys protect a case while anything points at it). Writes no audit row (the
disposal writes one) and runs inside the caller's transaction.

A transfer to another service made that service its own copy of the record and its own case:
those are the other service's records, with their own retention, and are not touched. A
transfer *into* this record from another service is the sending service's row: it stays, and
only its link to the case erased here is cleared."""

from __future__ import annotations

from hubspoke.cases.models import (
    Allocation,
    Case,
    CaseClosure,
    CaseReferral,
    CaseTransfer,
    ChronologyMark,
    Contact,
    Meeting,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanGoal,
)
from hubspoke.referrals.models import YoungPerson

# (plain label, model, path to the case): deleted in this order, the case last.
_LAYERS = (
    ("plan actions", PlanAction, "goal__case"),
    ("plan goals", PlanGoal, "case"),
    ("contacts", Contact, "case"),
    ("chronology marks", ChronologyMark, "case"),
    ("closures", CaseClosure, "case"),
    ("missing episodes", MissingEpisode, "case"),
    ("meetings", Meeting, "case"),
    ("outcome ratings", OutcomeRating, "case"),
    ("allocations", Allocation, "case"),
    ("referrals linked to cases", CaseReferral, "case"),
    ("transfers", CaseTransfer, "case"),
)


def erase(young_person: YoungPerson) -> dict[str, int]:
    cases = Case.objects.filter(young_person=young_person)
    counts: dict[str, int] = {}
    # The sending service's transfer row keeps its history, without a link to a case that is gone.
    CaseTransfer.objects.filter(new_case__in=cases).update(new_case=None)
    for label, model, path in _LAYERS:
        counts[label] = model.objects.filter(**{f"{path}__in": cases}).delete()[0]
    counts["cases"] = cases.delete()[0]
    return {label: count for label, count in counts.items() if count}
