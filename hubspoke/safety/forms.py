"""Forms for the safety app: a worker's safety profile, starting a visit and the visit page's
buttons, the responder's acknowledgement and resolution, and the alarm chain's steps."""

from __future__ import annotations

import re

from django import forms

from hubspoke.safety import rules
from hubspoke.safety.models import ChainHours, MeetingWith

_PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
DURATIONS = ((30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1 and a half hours"),
             (120, "2 hours"), (180, "3 hours"), (240, "4 hours"), (360, "6 hours"), (480, "8 hours"))
CHECK_INS = (("", "No check-ins: only at the end"), ("30", "Every 30 minutes"), ("60", "Every hour"),
             ("90", "Every 90 minutes"), ("120", "Every 2 hours"))


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        raise forms.ValidationError("Enter a mobile number, like 07700 900 982 or +44 7700 900 982")
    return value


class ProfileForm(forms.Form):
    phone = forms.CharField(label="Your mobile phone number", max_length=20, required=False,
                            help_text="Reminders come to this number, and responders ring it")
    vehicle = forms.CharField(label="Your vehicle (optional)", max_length=120, required=False,
                              help_text="Colour, make and registration, for example “Blue Fiesta, AB12 CDE”")
    buddy = forms.ChoiceField(label="Your buddy", required=False,
                              help_text="Told first if you miss a check-in. Without one, your service's "
                                        "managers are told")
    duress_pin = forms.CharField(label="New duress PIN (optional)", required=False, max_length=8,
                                 widget=forms.PasswordInput(render_value=False),
                                 help_text="4 to 8 digits. Typed on the visit page instead of any other PIN, it "
                                           "finishes the visit as normal on screen and raises a silent alarm")
    remove_pin = forms.BooleanField(label="Remove my duress PIN", required=False)

    def __init__(self, *args, buddies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buddies = {str(person.uuid): person for person in buddies}
        self.fields["buddy"].choices = [("", "No buddy: tell my managers")] + [
            (ref, person.full_name) for ref, person in self.buddies.items()
        ]

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_buddy(self):
        return self.buddies.get(self.cleaned_data["buddy"])

    def clean_duress_pin(self):
        pin = self.cleaned_data["duress_pin"]
        if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise forms.ValidationError("A duress PIN is 4 to 8 digits")
        return pin


class StartVisitForm(forms.Form):
    place = forms.CharField(label="Where are you going?", max_length=200,
                            help_text="A description someone could find: “Costa, Market Street, Wetherby”. "
                                      "Never a young person's name",
                            error_messages={"required": "Enter where you are going"})
    location = forms.CharField(label="Postcode or grid reference (optional)", max_length=40, required=False)
    meeting_with = forms.ChoiceField(label="Who are you meeting?", choices=MeetingWith.choices,
                                     widget=forms.RadioSelect, help_text="By role only: no names",
                                     error_messages={"required": "Select who you are meeting"})
    meeting_with_detail = forms.CharField(label="Their role (optional)", max_length=120, required=False,
                                          help_text="For example “school nurse”, “foster carer”")
    duration = forms.TypedChoiceField(label="How long will it take?", choices=DURATIONS, coerce=int, initial=60,
                                      error_messages={"required": "Select how long it will take"})
    check_in_every = forms.TypedChoiceField(label="Check in during the visit?", choices=CHECK_INS, required=False,
                                            coerce=int, empty_value=None)
    place_ref = forms.ChoiceField(label="Which team is this visit for?", required=False)

    def __init__(self, *args, places=(), demo=False, **kwargs):
        super().__init__(*args, **kwargs)
        if demo:  # to watch the timer at work: amber and red within a few minutes
            self.fields["duration"].choices = [(1, "1 minute (demo only: watch it go amber, then red)"), *DURATIONS]
        self.places = dict(places)
        if len(self.places) > 1:
            self.fields["place_ref"].required = True
            self.fields["place_ref"].choices = [(ref, str(label)) for ref, (label, _, _) in self.places.items()]
            self.fields["place_ref"].error_messages["required"] = "Select which team this visit is for"
        else:
            del self.fields["place_ref"]


class PinForm(forms.Form):
    pin = forms.CharField(label="PIN", required=False, max_length=8, widget=forms.PasswordInput)
    minutes = forms.TypedChoiceField(choices=[(m, m) for m in rules.EXTENSIONS], coerce=int, required=False)


class AcknowledgeForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=100, error_messages={"required": "Enter your name"})


class ResolveForm(forms.Form):
    note = forms.CharField(label="Incident note", widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="What happened, who did what, and whether the worker is safe. It goes to "
                                     "the worker's supervision for review",
                           error_messages={"required": "Enter an incident note: what happened and what was done"})


class ChainStepForm(forms.Form):
    label = forms.CharField(label="Name of this step", max_length=120,
                            help_text="For example “Host agency duty desk”, “Hub manager”, “On-call manager”",
                            error_messages={"required": "Enter a name for this step"})
    spoke = forms.ChoiceField(label="Which visits?", required=False)
    person = forms.ChoiceField(label="Someone with a Hubspoke account", required=False)
    phone = forms.CharField(label="Or a phone number for text messages", max_length=20, required=False)
    email = forms.EmailField(label="Or an email address", required=False,
                             error_messages={"invalid": "Enter an email address like name@example.org"})
    wait_minutes = forms.IntegerField(label="Minutes to wait for an acknowledgement before the next step",
                                      min_value=1, max_value=120, initial=10,
                                      error_messages={"required": "Enter how many minutes to wait",
                                                      "min_value": "Wait at least 1 minute",
                                                      "max_value": "Wait at most 120 minutes"})
    hours = forms.ChoiceField(label="When", choices=ChainHours.choices, initial=ChainHours.ALWAYS,
                              widget=forms.RadioSelect,
                              error_messages={"required": "Select when this step is used"})

    def __init__(self, *args, spokes=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spokes = {str(s.uuid): s for s in spokes}
        self.people = {str(p.uuid): p for p in people}
        self.fields["spoke"].choices = [("", "Every visit")] + [
            (r, f"Only visits at {s.name}") for r, s in self.spokes.items()
        ]
        self.fields["person"].choices = [("", "Nobody: use the phone or email below")] + [
            (r, p.full_name) for r, p in self.people.items()
        ]

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        data["spoke"] = self.spokes.get(data.get("spoke") or "")
        data["person"] = self.people.get(data.get("person") or "")
        if not (data.get("person") or data.get("phone") or data.get("email")) and not self.errors:
            self.add_error("person", "Choose a person, or enter a phone number or an email address")
        return data
