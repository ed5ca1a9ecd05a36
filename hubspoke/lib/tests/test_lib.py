import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from hubspoke.lib.forms import DateField
from hubspoke.lib.htmx import is_htmx


class DateForm(forms.Form):
    when = DateField(label="Date of birth")


@pytest.mark.parametrize(("day", "month", "year", "expected"), [
    ("29", "2", "2028", dt.date(2028, 2, 29)),
    (" 7 ", "03", "2027", dt.date(2027, 3, 7)),
])
def test_date_field_accepts_real_dates(day, month, year, expected):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("29", "2", "2027", "Date of birth must be a real date"),
    ("", "", "2027", "Date of birth must include a day and a month"),
    ("a", "2", "2027", "Date of birth must be a real date"),
    ("1", "2", "27", "Year must include 4 numbers"),
    ("", "", "", "Enter date of birth"),
    (" ", " ", " ", "Enter date of birth"),  # spaces are nothing typed, not a missing date let through
])
def test_date_field_errors_name_the_problem(day, month, year, message):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert not form.is_valid()
    assert form.errors["when"] == [message]


class OptionalDateForm(forms.Form):
    when = DateField(label="Date of birth", required=False)


def test_an_optional_date_left_blank_or_spaces_is_none():
    for blank in ("", " "):
        form = OptionalDateForm({"when_day": blank, "when_month": blank, "when_year": blank})
        assert form.is_valid() and form.cleaned_data["when"] is None


def test_date_field_redisplays_what_was_typed_and_decompresses_initial_dates():
    bound = DateForm({"when_day": "31", "when_month": "2", "when_year": "2027"})
    bound.is_valid()
    assert bound["when"].value() == ["31", "2", "2027"]
    assert DateForm(initial={"when": dt.date(2027, 3, 4)})["when"].value() == ["4", "3", "2027"]


def test_is_htmx():
    factory = RequestFactory()
    assert is_htmx(factory.get("/", HTTP_HX_REQUEST="true"))
    assert not is_htmx(factory.get("/"))


class ChoicesForm(forms.Form):
    colour = forms.ChoiceField(choices=[("", "Not known"), ("red", "Red")], widget=forms.RadioSelect)
    name = forms.CharField()
    born = DateField(label="Date of birth")


def test_error_summary_links_to_the_first_radio_a_text_input_and_a_dates_first_box():
    html = render_to_string("includes/_error_summary.html", {"form": ChoicesForm({})})
    # The blank choice is not drawn as a radio, so the first radio is the second choice.
    assert 'href="#id_colour_1"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_born_day"' in html
