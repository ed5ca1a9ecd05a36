"""Error messages follow the GOV.UK Design System: they say what to do in the words of the
field ("Enter when they went missing"), never Django's "This field is required." and never a
question turned into a sentence ("Enter when did they go missing?")."""

import datetime as dt
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.forms import DateField

ROOT = Path(__file__).resolve().parents[1]
# Every app with forms (a forms.py or a forms package), so a new app's forms are held to the
# same wording. Forms whose messages are set when they are made (allauth's, in
# accounts/forms.py) are tested with their pages in accounts/tests.
APPS = sorted({p.parent.parent.name if p.name == "__init__.py" else p.parent.name
               for p in [*ROOT.glob("*/forms.py"), *ROOT.glob("*/forms/__init__.py")]} - {"accounts"})


def _modules(app: str):
    module = importlib.import_module(f"hubspoke.{app}.forms")
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"hubspoke.{app}.forms.{info.name}")


def _declared_forms():
    seen = set()
    for app in APPS:
        for module in _modules(app):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                # An app's own forms: in its forms.py, or in a module of its forms package.
                if (issubclass(cls, forms.BaseForm) and cls.__module__.partition(".forms")[0] == f"hubspoke.{app}"
                        and cls not in seen):
                    seen.add(cls)
                    yield cls


def test_every_app_with_forms_is_checked():
    assert {"assessments", "cases", "monitoring", "network", "referrals", "sharing"} <= set(APPS)


def test_every_required_field_says_what_to_do():
    default = str(forms.Field.default_error_messages["required"])
    found = list(_declared_forms())
    assert len(found) > 30
    wrong = [f"{cls.__module__}.{cls.__name__}.{name}" for cls in found for name, field in cls.base_fields.items()
             if field.required and not field.widget.is_hidden and str(field.error_messages["required"]) == default]
    assert not wrong, wrong


def test_no_error_message_is_a_question():
    wrong = [f"{cls.__name__}.{name}: {message}" for cls in _declared_forms()
             for name, field in cls.base_fields.items() for message in map(str, field.error_messages.values())
             if "?" in message]
    assert not wrong, wrong


def test_a_date_asked_as_a_question_needs_its_name_for_errors():
    with pytest.raises(ImproperlyConfigured):
        DateField(label="When did they go missing?")

    class Form(forms.Form):
        started_on = DateField(label="When did they go missing?", subject="the date they went missing")

    form = Form({"started_on_day": "3", "started_on_month": "", "started_on_year": "2026"})
    assert form.errors["started_on"] == ["The date they went missing must include a month"]
    assert Form({})["started_on"].errors == ["Enter the date they went missing"]


def test_the_missing_episode_form_asks_in_plain_words(signed_in, world):
    case = world.case_a()
    worker = signed_in("worker_a")
    url = reverse("cases:missing", kwargs={"ref": case.uuid})
    response = worker.post(url, {"return_interview": "not_yet"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter when they went missing" in page and "Enter when did they go missing" not in page
    day = today() - dt.timedelta(days=1)
    response = worker.post(url, {"started_on_day": day.day, "started_on_year": day.year, "return_interview": "not_yet",
                                 "ended_on_day": "40", "ended_on_month": "1", "ended_on_year": str(day.year)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date they went missing must include a month" in page
    assert "The date they came back must be a real date" in page
