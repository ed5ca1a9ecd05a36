"""A partner's request for information, and a manager's answers to one: linking it to a
record, or deciding not to share (for a request not linked to a record)."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.sharing.categories import Category
from hubspoke.sharing.forms.disclosures import others_check_field
from hubspoke.sharing.models import Urgency

TEXTAREA = {"rows": 4}


class RequestForm(forms.Form):
    """``person``: the young person the partner can already see (the request goes to their
    service, and nobody is described); otherwise the partner describes them and chooses the
    service from ``services``."""

    about_name = forms.CharField(
        label="Their name", max_length=150, required=False, validators=[VisibleCharactersOnly("Their name")],
        help_text="First name and family name, and any other name they are known by.",
    )
    about_born = forms.CharField(
        label="Their date of birth or age", max_length=60, required=False,
        validators=[VisibleCharactersOnly("Their date of birth or age")],
        help_text="For example, 17 May 2011, or about 14.",
    )
    about_lives = forms.CharField(
        label="Where they live (optional)", max_length=200, required=False,
        validators=[VisibleCharactersOnly("Where they live")],
        help_text="A town or area, or an address if you know it.",
    )
    service = forms.ChoiceField(label="Which service are you asking?", choices=(), required=False,
                                error_messages={"invalid_choice": "Select the service you are asking"})
    what_is_needed = forms.CharField(
        label="What do you need to know?", widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter what you need to know"},
    )
    reason = forms.CharField(
        label="Why do you need it?", widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter why you need it"},
        help_text="What you will use it for, and by when. The service decides what it can share on this.",
    )
    categories = forms.MultipleChoiceField(
        label="What kinds of information are you asking for?", choices=Category.choices,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
        error_messages={"required": "Select at least one kind of information"},
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?", choices=Urgency.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent this is"},
    )

    def __init__(self, *args, services=(), person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.services = {str(s.uuid): s for s in services}
        if person is not None:
            for name in ("about_name", "about_born", "about_lives", "service"):
                del self.fields[name]
        else:
            self.fields["service"].choices = [("", "Select a service")] + [
                (ref, s.name) for ref, s in self.services.items()]
            if len(self.services) == 1:
                self.fields["service"].initial = next(iter(self.services))

    def clean(self):
        cleaned = super().clean()
        if self.person is None:
            if not (cleaned.get("about_name") or "").strip() and "about_name" not in self.errors:
                self.add_error("about_name", "Enter their name")
            if not (cleaned.get("about_born") or "").strip() and "about_born" not in self.errors:
                self.add_error("about_born", "Enter their date of birth or age")
            chosen = cleaned.get("service")
            if chosen not in self.services:
                if "service" not in self.errors:
                    self.add_error("service", "Select the service you are asking")
            else:
                cleaned["service"] = self.services[chosen]
        return cleaned

    def about(self) -> str:
        """The description a manager reads to find the record, in the partner's words."""
        data = self.cleaned_data
        lines = [f"Name: {data['about_name'].strip()}", f"Date of birth or age: {data['about_born'].strip()}"]
        if data.get("about_lives", "").strip():
            lines.append(f"Where they live: {data['about_lives'].strip()}")
        return "\n".join(lines)

    def fields_for_action(self, *, about: str) -> dict:
        data = self.cleaned_data
        return {"about": about, "what_is_needed": data["what_is_needed"], "reason": data["reason"],
                "categories": data["categories"], "urgency": data["urgency"]}


class DeclineForm(forms.Form):
    """A decision not to share, answering a request not linked to a record."""

    reason = forms.CharField(
        label="Why are you not sharing?", widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter why it was not shared"},
        help_text="The service's own record of the decision. The agency does not see this.",
    )
    told_to_agency = forms.CharField(
        label="What we tell the agency", widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter what we tell the agency"},
        help_text="The agency sees only this. Say it plainly and leave out anything they should not know, "
                  "such as what the young person told you.",
    )
    others_checked = others_check_field()


class LinkSearchForm(forms.Form):
    """Finding the young person a request describes among the service's records: posted, so
    that no name sits in an address."""

    name = forms.CharField(label="Name or alias", required=False, max_length=100,
                           help_text="A first name, family name or other name, or the start of one.")
    date_of_birth = DateField(label="Date of birth", required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("name") or "").strip() and not cleaned.get("date_of_birth"):
            self.add_error("name", "Enter a name or a date of birth")
        return cleaned
