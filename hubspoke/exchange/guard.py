"""The forum is never a place for a young person's identity. Before anything is published in
the exchange (a thread's title, a post, an edit, an attachment's name, a report's note), its
words are checked here, and the person is warned:

- **names a young person you work with**: a name, known-as name, alias or date of birth of a
  young person (or a referral) in the poster's own scope (``referrals.identifiers``, as for
  every text that leaves a service). The warning says only that: not which words, nor whom,
  and a young person outside their scope is never looked for, so nothing is revealed;
- **personal details** of anyone: something that looks like a phone number, a postcode or a
  street address, or a date of birth.

The person removes it or confirms that it does not identify anyone; the actions refuse to
publish a warned text without that confirmation, whatever page it came from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from hubspoke.lib.dates import today
from hubspoke.referrals import identifiers

YOUNG_PERSON = "young_person"
PHONE = "phone"
ADDRESS = "address"
DATE_OF_BIRTH = "date_of_birth"

MESSAGES = {
    YOUNG_PERSON: "This looks like it names a young person you work with. Remove it, or confirm it does not.",
    PHONE: "This looks like it has a phone number in it.",
    ADDRESS: "This looks like it has an address or a postcode in it.",
    DATE_OF_BIRTH: "This looks like it has someone's date of birth in it.",
}

# UK numbers as people type them: 07700 900123, +44 7700 900 123, (0161) 496 0000, 0161-496-0000.
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s\-.]?\d{3,4}[\s\-.]?\d{3,4}(?![\d])")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREETS = ("road", "rd", "street", "st", "avenue", "ave", "lane", "close", "drive", "way", "crescent", "court",
            "place", "grove", "gardens", "terrace", "walk", "square", "mews", "row", "hill", "view", "park")
_STREET = re.compile(rf"\b\d{{1,4}}[a-z]?,?\s+(?:[A-Z][\w'’-]+\s+){{1,3}}(?:{'|'.join(_STREETS)})\b\.?",
                     re.IGNORECASE)
_DOB_WORDS = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born on|birthday is)\b", re.IGNORECASE)


@dataclass
class Warnings:
    kinds: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    @property
    def messages(self) -> list[str]:
        return [MESSAGES[kind] for kind in self.kinds]


class NeedsConfirming(ValidationError):
    """The text was warned about and not confirmed: nothing is published."""

    def __init__(self, warnings: Warnings):
        self.warnings = warnings
        super().__init__(warnings.messages)


def _young_people_born_dates(text: str) -> bool:
    """A full date that would make someone between 5 and 25 today: a child's date of birth, or
    close enough to one to warn (a meeting's date is recent, never years ago)."""
    now = today()
    for pattern, order in identifiers._DATES:
        for match in pattern.finditer(text):
            day = identifiers._date(dict(zip(order, match.groups(), strict=True)))
            if day is not None and dt.date(now.year - 25, 1, 1) <= day <= dt.date(now.year - 5, 12, 31):
                return True
    return False


def check(texts: dict[str, str], *, user) -> Warnings:
    """What to warn about in these texts, written by ``user``."""
    texts = {key: value for key, value in texts.items() if value and value.strip()}
    warnings = Warnings()
    if not texts:
        return warnings
    if identifiers.identifiers_in_scope(texts, user=user):
        warnings.kinds.append(YOUNG_PERSON)
    joined = "\n".join(texts.values())
    if _PHONE.search(joined):
        warnings.kinds.append(PHONE)
    if _POSTCODE.search(joined) or _STREET.search(joined):
        warnings.kinds.append(ADDRESS)
    if _DOB_WORDS.search(joined) or _young_people_born_dates(joined):
        warnings.kinds.append(DATE_OF_BIRTH)
    return warnings


def require_confirmed(texts: dict[str, str], *, user, confirmed: bool) -> list[str]:
    """The kinds warned about (for the record), or ``NeedsConfirming`` if there were any and the
    person has not confirmed."""
    warnings = check(texts, user=user)
    if warnings and not confirmed:
        raise NeedsConfirming(warnings)
    return warnings.kinds
