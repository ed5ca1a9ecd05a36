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


def consent_sentence(records: Sequence[ConsentRecord], *, name: str, on: dt.date) -> str:
    """What stands now, in one sentence a worker can read aloud to the young person. Always
    followed, on the page, by the reminder that consent is not the only lawful route."""
    if not records:
        return f"We have not recorded {name}'s views about sharing their information yet."
    latest = records[0]
    agencies = ", ".join(sorted(a.name for a in latest.agencies.all())) or "no agency named"
    what = ", ".join(labels(latest.categories)).lower() or "nothing named"
    by_them = latest.given_by in ("young_person", "referrer")
    if latest.decision == ConsentDecision.GIVEN and stands(latest, on):
        revisit = (f", and we will talk about it again by {format_date(latest.revisit_on)}"
                   if latest.revisit_on else "")
        who = name if by_them else f"{latest.get_given_by_display()[0].lower()}{latest.get_given_by_display()[1:]}"
        whose = "their" if by_them else f"{name}'s"
        return (f"On {format_date(latest.given_on)} {who} agreed that we can share {whose} {what} "
                f"with {agencies}{revisit}.")
    if latest.decision == ConsentDecision.GIVEN:
        return (f"On {format_date(latest.withdrawn_on)} {name} withdrew their agreement to share their "
                f"{what} with {agencies}.")
    if latest.decision == ConsentDecision.REFUSED:
        return f"On {format_date(latest.given_on)} {name} did not agree to share their {what} with {agencies}."
    return f"{name} was not asked about sharing when they were referred on {format_date(latest.given_on)}."


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
