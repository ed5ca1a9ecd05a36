"""Names for matching: normalised spellings and a sound code, so that spelling variants of a
name meet ("Mohammed"/"Muhammad", "Jayden"/"Jaden", "O'Neil"/"Oneill").

The sound code is American Soundex: well understood, stable, cheap to index. It misses some
variants (it keeps the first letter, so "Kaitlyn"/"Caitlin" differ), which is why matching also
compares normalised spellings with a similarity ratio. No name matching is certain: the product
offers *possible* matches for a person to judge, never merges on its own."""

import difflib
import unicodedata

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
