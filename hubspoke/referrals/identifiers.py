"""Could this text identify one of a service's young people? The one check that every free text
passes before it leaves the service: monitoring narratives and a return's reasons now; forum
posts, reports and blog posts as they come.

The text is compared with every name, known-as name and alias of the service's young people
(and of the young people its referrals are about, linked to a record or not) and with their
dates of birth. What matched is reported as it was typed, with where it is, so that the person
can see it and take it out; the report never says which young person it matched.

Words are compared once normalised (``lib.names.normalise``: case, accents and punctuation
set aside), one, two or three words at a time so that "De Souza" meets "Desouza". A name that
is also an everyday word ("will", "may", "hope", "brown") counts only where it is written with
a capital letter, as a name would be: "Will said" is caught, "they will" is not. Dates are read
in the ways people write them (17/05/2011, 17-5-11, 2011-05-17, 17 May 2011, May 17th, 2011).

Reads are four queries whatever the text: names and dates of birth, of records and of referrals
(two more when the text is about one young person, whose own are set aside)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from hubspoke.lib import names
from hubspoke.referrals import queries
from hubspoke.referrals.models import Referral, YoungPerson, YoungPersonName

# Everyday English words that are also first names or surnames: written in lower case they
# are the word, not the name.
EVERYDAY_WORDS = frozenset((
    "able", "april", "august", "autumn", "baker", "bank", "banks", "bell", "berry", "bill", "bird", "bishop",
    "black", "blue", "bond", "brook", "brooks", "brown", "buck", "bush", "butler", "cash", "chance", "chase",
    "clay", "cook", "cooper", "crane", "dale", "dawn", "day", "dean", "drake", "drew", "duke", "early", "faith",
    "fern", "field", "fields", "finch", "fish", "fisher", "ford", "forest", "fox", "frank", "gay", "gem", "glen",
    "gold", "grace", "grant", "gray", "green", "grey", "hall", "hardy", "harper", "hart", "hazel", "heath",
    "heather", "hill", "hills", "holly", "hope", "hunter", "iris", "ivy", "jack", "jay", "jewel", "joy", "june",
    "king", "knight", "lamb", "lane", "lee", "little", "long", "love", "lucky", "mark", "marsh", "mason", "may",
    "mercy", "miles", "mill", "miller", "moon", "moore", "morning", "nash", "page", "park", "parker", "pat",
    "patience", "pearl", "penny", "pink", "poppy", "price", "rain", "ray", "read", "reed", "rich", "robin",
    "rock", "rose", "rowan", "ruby", "rush", "sage", "sandy", "scott", "shaw", "short", "sky", "small", "smith",
    "snow", "sparrow", "spring", "star", "stone", "storm", "street", "summer", "sunny", "swan", "taylor", "true",
    "turner", "violet", "walker", "ward", "warren", "wells", "west", "white", "wild", "will", "wise", "wolf",
    "wood", "woods", "worth", "wren", "young",
))

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_MONTHS = {name: n for n, names_ in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names_}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)?"
_DATES = (
    # 17/05/2011, 17-5-11, 17.05.2011 (day first, as written in England)
    (re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b"), ("d", "m", "y")),
    # 2011-05-17
    (re.compile(r"\b(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\b"), ("y", "m", "d")),
    # 17 May 2011, 17th of May, 2011
    (re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.IGNORECASE), ("d", "M", "y")),
    # May 17 2011, May 17th, 2011
    (re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})\b", re.IGNORECASE), ("M", "d", "y")),
)


@dataclass(frozen=True)
class Found:
    text: str  # as it was typed
    what: str  # "a name" or "a date of birth"
    start: int
    end: int

    def __str__(self) -> str:
        return f"“{self.text}” ({self.what})"


def _names_of(people: QuerySet, referrals: QuerySet) -> set[str]:
    known = set(YoungPersonName.objects.filter(young_person_id__in=people.values("pk")).values_list(
        "normalised", flat=True))
    referred = referrals.values_list("subject_first_name", "subject_last_name", "subject_known_as")
    for first, last, known_as in referred:
        known.update(names.normalise(part) for part in (first, last, *re.split(r"[,;/]", known_as or "")))
    return {name for name in known if len(name) >= 2}


def _dates_of_birth(people: QuerySet, referrals: QuerySet) -> set[dt.date]:
    recorded = people.filter(date_of_birth__isnull=False).values_list("date_of_birth", flat=True)
    referred = referrals.filter(Q(subject_date_of_birth__isnull=False))
    return set(recorded) | set(referred.values_list("subject_date_of_birth", flat=True))


def _words(text: str):
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_everyday(typed: str) -> bool:
    return typed == typed.lower() and names.normalise(typed) in EVERYDAY_WORDS


_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _names_in(text: str, known: set[str]) -> list[Found]:
    words = _words(text)
    found, covered = [], set()
    for size in (3, 2, 1):  # longest first, so "De Souza" is reported once, whole
        for i in range(len(words) - size + 1):
            if any(j in covered for j in range(i, i + size)):
                continue
            group = words[i:i + size]
            joined = "".join(names.normalise(w) for w, _, _ in group[:-1])
            last = group[-1][0]
            forms = {joined + names.normalise(last), joined + names.normalise(_POSSESSIVE.sub("", last))}
            if not forms & known:
                continue
            if size == 1 and _is_everyday(_POSSESSIVE.sub("", last)):
                continue
            start, end = group[0][1], group[-1][2]
            found.append(Found(text=text[start:end], what="a name", start=start, end=end))
            covered.update(range(i, i + size))
    return _joined(sorted(found, key=lambda f: f.start), text)


def _joined(found: list[Found], text: str) -> list[Found]:
    """Names next to each other ("Jordan Testcase") are one thing to take out."""
    joined: list[Found] = []
    for hit in found:
        if joined and not text[joined[-1].end:hit.start].strip():
            previous = joined.pop()
            hit = Found(text=text[previous.start:hit.end], what="a name", start=previous.start, end=hit.end)
        joined.append(hit)
    return joined


def _date(parts: dict) -> dt.date | None:
    try:
        year = int(parts["y"])
        year += (1900 if year > dt.date.today().year % 100 else 2000) if year < 100 else 0
        month = _MONTHS[parts["M"].lower().rstrip(".")] if "M" in parts else int(parts["m"])
        return dt.date(year, month, int(parts["d"]))
    except (KeyError, ValueError):
        return None


def _dates_in(text: str, known: set[dt.date]) -> list[Found]:
    found = []
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            day = _date(dict(zip(order, match.groups(), strict=True)))
            if day is not None and day in known:
                found.append(Found(text=match.group(), what="a date of birth", start=match.start(), end=match.end()))
    return found


def _own_identifiers(person: YoungPerson) -> tuple[set[str], set[dt.date]]:
    """The names and dates of birth of one young person, as their record and the referrals
    linked to it give them (two queries)."""
    own = set(YoungPersonName.objects.filter(young_person=person).values_list("normalised", flat=True))
    dates = {person.date_of_birth} if person.date_of_birth else set()
    for first, last, known_as, born in Referral.objects.filter(young_person=person).values_list(
            "subject_first_name", "subject_last_name", "subject_known_as", "subject_date_of_birth"):
        own.update(names.normalise(part) for part in (first, last, *re.split(r"[,;/]", known_as or "")))
        if born:
            dates.add(born)
    return own, dates


def identifiers_in(texts: dict[str, str], *, service_ids, about: YoungPerson | None = None) -> dict[str, list[Found]]:
    """For each named text, what in it could identify one of the services' young people, in
    the order it appears; texts with nothing found are left out. ``about``: the texts are about
    this young person (a disclosure, their own story), so their own names and date of birth
    are expected and only other young people's are looked for. A name they share with another
    young person is theirs here: it cannot be told apart, and it is their information."""
    texts = {key: value for key, value in texts.items() if value and value.strip()}
    if not texts:
        return {}
    people = YoungPerson.objects.filter(service_id__in=service_ids)
    referrals = Referral.objects.filter(service_id__in=service_ids)
    return _find(texts, _names_of(people, referrals), _dates_of_birth(people, referrals), about=about)


def identifiers_in_scope(texts: dict[str, str], *, user) -> dict[str, list[Found]]:
    """As ``identifiers_in``, against the young people (and referrals) this person may see, and
    no others: what it finds never tells them of a young person outside their own work."""
    texts = {key: value for key, value in texts.items() if value and value.strip()}
    if not texts:
        return {}
    people, referrals = queries.young_people_visible_to(user), queries.referrals_visible_to(user)
    return _find(texts, _names_of(people, referrals), _dates_of_birth(people, referrals))


def _find(texts: dict[str, str], known_names: set[str], known_dates: set[dt.date], *,
          about: YoungPerson | None = None) -> dict[str, list[Found]]:
    if about is not None:
        own_names, own_dates = _own_identifiers(about)
        known_names -= own_names
        known_dates -= own_dates
    found = {}
    for key, text in texts.items():
        hits = sorted(_names_in(text, known_names) + _dates_in(text, known_dates), key=lambda f: f.start)
        if hits:
            found[key] = hits
    return found


class IdentifiersFound(ValidationError):
    """Free text that would leave the service still holds what could identify a young person.
    ``found`` maps each field to what was found in it."""

    def __init__(self, found: dict[str, list[Found]], *, messages: dict[str, str] | None = None):
        """``messages``: the caller's own words for each field (where "before this leaves the
        service" is not why), in place of ``message(hits)``."""
        self.found = found
        super().__init__({key: (messages or {}).get(key) or message(hits) for key, hits in found.items()})


def message(hits: list[Found]) -> str:
    return ("Remove what could identify a young person before this leaves the service: "
            + ", ".join(str(hit) for hit in hits))


def refuse_identifiers(texts: dict[str, str], *, service_ids) -> None:
    """Raise ``IdentifiersFound`` if any of the texts could identify one of the services'
    young people."""
    found = identifiers_in(texts, service_ids=service_ids)
    if found:
        raise IdentifiersFound(found)
