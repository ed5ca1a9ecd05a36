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
