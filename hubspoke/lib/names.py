"""Names for matching: normalised spellings and a sound code, so that spelling variants of a
name meet ("Mohammed"/"Muhammad", "Jayden"/"Jaden", "O'Neil"/"Oneill").

The sound code is American Soundex: well understood, stable, cheap to index. It misses some
variants (it keeps the first letter, so "Kaitlyn"/"Caitlin" differ), which is why matching also
compares normalised spellings with a similarity ratio. No name matching is certain: the product
offers *possible* matches for a person to judge, never merges on its own."""

import difflib
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def normalise(name: str) -> str:
    """Lower case, accents removed, letters only: "Zoë O'Brien-Smith" → "zoeobriensmith"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.lower() if "a" <= c <= "z")


def sound(name: str) -> str:
    """American Soundex of the normalised name ("" for a name with no letters)."""
    letters = normalise(name)
    if not letters:
        return ""
    code = letters[0].upper()
    previous = _CODES.get(letters[0], "")
    for letter in letters[1:]:
        digit = _CODES.get(letter, "")
        if digit and digit != previous:
            code += digit
            if len(code) == 4:
                break
        if letter not in "hw":  # h and w do not separate letters with the same code
            previous = digit
    return code.ljust(4, "0")


def similarity(a: str, b: str) -> float:
    """0 (nothing alike) to 1 (the same once normalised)."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def alike(a: str, b: str, *, threshold: float = 0.7) -> bool:
    """Whether two names could be the same name spelt differently."""
    return bool(a and b) and (sound(a) == sound(b) or similarity(a, b) >= threshold)


# Characters that change how a name displays, or do not display at all: control characters (C0,
# DEL, C1), format characters (zero-width spaces and joiners U+200B..U+200D, direction marks and
# overrides U+200E/F, U+202A..U+202E, isolates U+2066..U+2069, U+FEFF, soft hyphen...), line and
# paragraph separators, surrogates and private-use characters; and letters that draw nothing.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
_BLANK_LETTERS = {"\u034f", "\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}


def has_invisible_characters(value: str) -> bool:
    return any(c in _BLANK_LETTERS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in value)


@deconstructible
class VisibleCharactersOnly:
    """A validator for every field where a name is typed (people's names and aliases, the names
    of agencies, services, spokes...): refuses characters that could make a name display as
    something else, with "<Label> must not include invisible or control characters"."""

    code = "invisible_characters"

    def __init__(self, label: str = "Name"):
        self.label = label

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_invisible_characters(value):
            raise ValidationError(f"{self.label} must not include invisible or control characters", code=self.code)

    def __eq__(self, other):
        return isinstance(other, VisibleCharactersOnly) and other.label == self.label
