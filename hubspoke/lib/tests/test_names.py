import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubspoke.lib.names import alike, normalise, sound


@pytest.mark.parametrize(("name", "code"), [
    ("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"), ("Tymczak", "T522"), ("Pfister", "P236"),
    ("Honeyman", "H555"), ("Lee", "L000"),
])
def test_soundex_reference_values(name, code):
    assert sound(name) == code


def test_normalise_strips_accents_punctuation_and_case():
    assert normalise("Zoë O'Brien-Smith") == "zoeobriensmith"


@pytest.mark.parametrize(("a", "b"), [
    ("Mohammed", "Muhammad"), ("Jayden", "Jaden"), ("O'Neil", "Oneill"), ("Kayleigh", "Kayley"),
    ("Zoe", "Zoë"), ("Catherine", "Cathryn"),
])
def test_spelling_variants_are_alike(a, b):
    assert alike(a, b)


@pytest.mark.parametrize(("a", "b"), [("Jordan", "Ellie"), ("Smith", "Patel"), ("", "Sam")])
def test_different_names_are_not(a, b):
    assert not alike(a, b)


@given(st.text(max_size=30))
def test_sound_is_empty_or_four_characters(name):
    code = sound(name)
    assert code == "" or (len(code) == 4 and code[0].isalpha() and code[1:].isdigit())


INVISIBLE = ["\u202e", "\u202a", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068",
             "\u2069", "\ufeff", "\u00ad", "\u2060", "\u061c", "\x00", "\x07", "\t", "\n", "\x1b", "\x7f", "\x85",
             "\x9f", "\u2028", "\u2029", "\ue000", "\u3164", "\u115f"]


@pytest.mark.parametrize("character", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_names_refuse_invisible_and_control_characters(character):
    from django.core.exceptions import ValidationError

    from hubspoke.lib.names import VisibleCharactersOnly

    with pytest.raises(ValidationError, match="^\\['First name must not include invisible or control characters'\\]$"):
        VisibleCharactersOnly("First name")(f"Ca{character}sey")


@pytest.mark.parametrize("name", ["Zoë O'Brien-Smith", "Nguyễn Thị Minh", "محمد", "李小龍", "Siobhán", "Ōtautahi Ltd",
                                  "St. Mary's (Hub)", "Anne\u00a0Marie", "Jean–Luc"])
def test_ordinary_names_in_any_script_are_accepted(name):
    from hubspoke.lib.names import VisibleCharactersOnly

    VisibleCharactersOnly()(name)
