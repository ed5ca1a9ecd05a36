"""The rules of the door, as pure functions over records already read: does this route cover
sharing these categories with this agency on this day? Each refusal names the field it is
about and says why in words a worker can act on. ``actions.record_disclosure`` calls these
whatever page or job the disclosure comes from; pages call them only to explain in advance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from hubspoke.lib.dates import format_date
from hubspoke.sharing.categories import Article6, Article9, Category, labels, needs_article9
from hubspoke.sharing.models import AgreementVersion, ConsentDecision, ConsentRecord

# A one-off safeguarding decision is written down in full: a sentence is not a rationale.
MIN_RATIONALE = 40
SAFEGUARDING_BASES = frozenset({Article6.VITAL_INTERESTS, Article6.PUBLIC_TASK, Article6.LEGITIMATE_INTERESTS,
                                Article6.LEGAL_OBLIGATION})


def _agency_ids(record) -> set[int]:
    # Uses prefetched agencies where the query prefetched them.
    return {agency.pk for agency in record.agencies.all()}


def consent_decides(records: Sequence[ConsentRecord], *, agency_id: int, category: str,
                    on: dt.date) -> ConsentRecord | None:
    """The record that decides for this agency and category on this day: the newest given on
    or before it that mentions both (``records`` newest first)."""
    for record in records:
        if record.given_on <= on and category in record.categories and agency_id in _agency_ids(record):
            return record
    return None


def stands(record: ConsentRecord | None, on: dt.date) -> bool:
    return (record is not None and record.decision == ConsentDecision.GIVEN
            and (record.withdrawn_on is None or record.withdrawn_on > on))


def consent_covering(records: Sequence[ConsentRecord], *, agency_id: int, categories: Iterable[str],
                     on: dt.date) -> tuple[ConsentRecord | None, str]:
    """(the newest consent record that covers every category, or None with the reason)."""
    covering = []
    for category in categories:
        record = consent_decides(records, agency_id=agency_id, category=category, on=on)
        label = Category(category).label.lower()
        if record is None:
            return None, f"No consent on record covers sharing {label} with this agency"
        if record.decision != ConsentDecision.GIVEN:
            return None, f"Consent to share {label} with this agency was {record.get_decision_display().lower()}"
        if not stands(record, on):
            return None, (f"Consent to share {label} with this agency was withdrawn on "
                          f"{format_date(record.withdrawn_on)}")
        covering.append(record)
    newest = max(covering, key=lambda r: (r.given_on, r.created_at)) if covering else None
    return newest, ""


def agreement_problem(version: AgreementVersion, *, service_id: int, agency_id: int, categories: Iterable[str],
                      on: dt.date, party_ids: set[int] | None = None) -> str:
    """Why this agreement does not cover the disclosure, or "" where it does. ``party_ids``
    saves a query where the caller has read the parties already."""
    agreement = version.agreement
    if agreement.service_id != service_id:
        return "This agreement is not one of your service's"
    if agreement.current_id != version.pk:
        return "This is an old version of the agreement: use the current one"
    if version.starts_on > on:
        return f"This agreement starts on {format_date(version.starts_on)}"
    if version.ends_on is not None and version.ends_on < on:
        return f"This agreement ended on {format_date(version.ends_on)}"
    parties = party_ids if party_ids is not None else set(version.parties.values_list("pk", flat=True))
    if agency_id not in parties:
        return "This agency is not a party to this agreement"
    missing = [c for c in categories if c not in version.categories]
    if missing:
        return f"This agreement does not cover {', '.join(labels(missing)).lower()}"
    if needs_article9(categories) and not version.article9:
        return "This agreement gives no Article 9 condition for special category information"
    return ""


def agreement_terms_problems(fields: dict, *, parties) -> dict[str, str]:
    """Every problem with an agreement's terms at once, each by its field: the kinds of
    information, the parties, the Article 9 condition they need, and the dates in order."""
    errors = {}
    chosen = [c for c in Category.values if c in set(fields["categories"] or ())]
    if not chosen:
        errors["categories"] = "Select at least one kind of information the agreement covers"
    elif len(chosen) != len(set(fields["categories"])):
        errors["categories"] = "Select kinds of information from the list"
    if not parties:
        errors["parties"] = "Select at least one agency that is a party to the agreement"
    if fields["article9"] and fields["article9"] not in Article9.values:
        errors["article9"] = "Select a condition from the list"
    elif needs_article9(chosen) and not fields["article9"]:
        errors["article9"] = ("Select the condition for special category information: the agreement covers "
                              "information about concerns, risk, missing episodes, health or restricted notes")
    starts_on, review_on, ends_on = fields["starts_on"], fields["review_on"], fields["ends_on"]
    if starts_on and review_on and review_on < starts_on:
        errors["review_on"] = "The review date must be the same as or after the start date"
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    return errors


def safeguarding_problems(*, reason: str, article6: str, article9: str, categories: Iterable[str],
                          decided_by_manager: bool, reauthenticated: bool) -> dict[str, str]:
    problems = {}
    if not decided_by_manager:
        problems["route"] = ("A one-off safeguarding share without consent or an agreement is decided by a "
                             "manager of the service: ask a manager to record it")
    elif not reauthenticated:
        problems["route"] = "Enter your password again to confirm a one-off safeguarding share"
    if len(reason.strip()) < MIN_RATIONALE:
        problems["reason"] = (f"Write the rationale for sharing without consent or an agreement in full "
                              f"(at least {MIN_RATIONALE} characters): the risk, why now and why this agency")
    if article6 not in SAFEGUARDING_BASES:
        problems["article6"] = "Select the lawful basis for sharing without consent"
    if needs_article9(categories) and not article9:
        problems["article9"] = "Select the condition for sharing special category information"
    return problems


# Each category as it reads in a sentence after "their" (``consent_sentence``).
IN_A_SENTENCE = {
    Category.IDENTITY: "name and contact details",
    Category.REFERRAL: "referral",
    Category.RISK: "risk assessment",
    Category.PLAN: "plan",
    Category.MISSING: "missing episodes",
    Category.HEALTH: "health information",
    Category.RESTRICTED: "restricted notes",
}
# Who decided, as it reads after the decider's name: "Jo Smith, their parent or carer, agreed".
DECIDER = {"parent_carer": "their parent or carer", "other": "who has authority to decide for them"}


def spoken_list(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C": a list as it is said aloud."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _what(categories) -> str:
    return spoken_list([IN_A_SENTENCE[value] for value, _ in Category.choices if value in set(categories)])


def _agencies(record) -> str:
    names = sorted(a.name for a in record.agencies.all())
    return spoken_list(names) if names else "no agency named"


def revisit_due(record: ConsentRecord | None, on: dt.date) -> bool:
    """A date to talk about it again that has come (withdrawn consent is not revisited)."""
    return (record is not None and record.revisit_on is not None and record.revisit_on <= on
            and record.withdrawn_on is None)


def still_deciding(records: Sequence[ConsentRecord], on: dt.date) -> list[ConsentRecord]:
    """The records (newest first) that still decide at least one agency and category on the
    day: an older record stops deciding once newer ones mention every pair it names."""
    decided: set[tuple[int, str]] = set()
    deciding = []
    for record in records:
        if record.given_on > on:
            continue
        pairs = {(agency_id, category) for agency_id in _agency_ids(record) for category in record.categories}
        if pairs - decided:
            deciding.append(record)
        decided |= pairs
    return deciding


def consent_sentence(records: Sequence[ConsentRecord], *, name: str, on: dt.date) -> str:
    """The newest decision, in one sentence a worker can read aloud (``records`` newest
    first). The page always shows beside it that consent is not the only lawful route:
    safeguarding information can be shared without consent."""
    current = [r for r in records if r.given_on <= on]
    if not current:
        return f"Nothing is recorded yet about whether {name} agrees to their information being shared."
    latest = current[0]
    when = format_date(latest.given_on)
    what, agencies = _what(latest.categories) or "information", _agencies(latest)
    if latest.given_by == "referrer":
        referrer = agencies if latest.agencies.all() else "the referrer"
        if latest.decision == ConsentDecision.GIVEN:
            opening = f"When {referrer} referred {name} on {when}, {name} agreed to the referral"
        elif latest.decision == ConsentDecision.REFUSED:
            opening = f"When {referrer} referred {name} on {when}, {name} did not agree to the referral"
        else:
            opening = f"When {referrer} referred {name} on {when}, {name} was not asked for their consent"
        return f"{opening}; they have not been asked about sharing anything else since."
    if latest.given_by == "young_person":
        who, whose = name, "their"
    else:
        decider = latest.given_by_name or "Someone"
        who, whose = f"{decider}, {DECIDER.get(latest.given_by, 'on their behalf')},", f"{name}'s"
    if latest.decision == ConsentDecision.GIVEN and latest.withdrawn_on is not None and latest.withdrawn_on <= on:
        withdrew = name if latest.withdrawn_by in ("", "young_person") else \
            f"{name}'s {'parent or carer' if latest.withdrawn_by == 'parent_carer' else 'decision-maker'}"
        return (f"On {format_date(latest.withdrawn_on)} {withdrew} withdrew the agreement given on {when} "
                f"to share {whose} {what} with {agencies}, so it no longer covers any sharing.")
    if latest.decision == ConsentDecision.GIVEN:
        sentence = f"On {when} {who} agreed that we can share {whose} {what} with {agencies}"
    else:
        sentence = f"On {when} {who} said no to sharing {whose} {what} with {agencies}"
    if latest.revisit_on:
        sentence += (f"; it was due to be talked about again by {format_date(latest.revisit_on)}"
                     if latest.revisit_on <= on else
                     f", and we will talk with {name} about it again by {format_date(latest.revisit_on)}")
    return sentence + "."


def agreement_status(version: AgreementVersion, on: dt.date) -> str:
    """Where a version of an agreement stands on the day: ``not_started``, ``ended``, ``due``
    (past its review date: it still covers sharing until it ends) or ``in_force``."""
    if version.starts_on > on:
        return "not_started"
    if version.ends_on is not None and version.ends_on < on:
        return "ended"
    if version.review_on < on:
        return "due"
    return "in_force"
