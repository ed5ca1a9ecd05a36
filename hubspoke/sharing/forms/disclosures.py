"""The door's forms: sharing information (a disclosure) and recording a decision not to share.
They check what a person types; whether a route covers what is shared is the action's to say
(``actions.record_disclosure``), and its refusals land by their field (``lib.forms.add_errors``)."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.sharing.categories import Article6, Article9, Category
from hubspoke.sharing.models import Route
from hubspoke.sharing.rules import MIN_RATIONALE, SAFEGUARDING_BASES

ROUTES = [(value, label) for value, label in Route.choices if value != Route.TRANSFER]
SAFEGUARDING_BASIS_CHOICES = [("", "Select the lawful basis"),
                              *[(value, label) for value, label in Article6.choices if value in SAFEGUARDING_BASES]]
ARTICLE9_CHOICES = [("", "None: no special category information"),
                    *[(value, label) for value, label in Article9.choices
                      if value not in ("", Article9.EXPLICIT_CONSENT)]]

# What each submit button of the share form asks for. Only "share" writes; the others show
# the form again (choosing an agreement once the agency is known, or the extract to be sent),
# so that the page works without JavaScript.
SHARE, PREVIEW, AGREEMENTS = "share", "preview", "agreements"


OTHERS_MARK = "names another young person"


def others_check_field():
    return forms.BooleanField(
        label="I have checked: this does not name another young person", required=False,
        help_text="Tick this only if what was found is not another young person the service works with, for "
                  "example a place or an adult with the same name.",
    )


def asks_others_check(form) -> bool:
    """The "does not name another young person" box is shown once the action has found
    something that looks like another young person (or the box was ticked): never before, so
    nobody ticks it by habit."""
    if form.is_bound and form.data.get("others_checked"):
        return True
    return any(OTHERS_MARK in str(message) for errors in form.errors.values() for message in errors)


class _AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class _AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return agreement_label(version)


def agreement_label(version) -> str:
    until = f", until {version.ends_on:%-d %B %Y}" if version.ends_on else ""
    return f"{version.title} (version {version.number}{until})"


class ShareForm(forms.Form):
    """Share information about a young person with another agency. ``agencies`` are the
    programme's agencies (grouped on the page); ``agreement_versions`` what the agreement field
    accepts (any version of the service's agreements: the action says why one does not cover
    the share), while the page offers only those covering the chosen agency."""

    to_agency = _AgencyChoice(label="Which agency?", queryset=None, to_field_name="uuid",
                              error_messages={"required": "Select the agency the information was shared with",
                                              "invalid_choice": "Select an agency from the list"})
    recipient_name = forms.CharField(label="Name of the person you shared it with", max_length=150,
                                     error_messages={"required": "Enter the name of the person you shared it with"})
    recipient_role = forms.CharField(label="Their role (optional)", max_length=150, required=False)
    categories = forms.MultipleChoiceField(
        label="What kinds of information?", choices=Category.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text="Select all that were shared.",
        error_messages={"invalid_choice": "Select kinds of information from the list"},
    )
    summary = forms.CharField(
        label="What was shared", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you told them or sent them, in a few lines. You can leave this empty if you send the "
                  "extract from the record.",
    )
    with_extract = forms.BooleanField(label="Include the extract from the record", required=False)
    route = forms.ChoiceField(label="How is sharing this lawful?", choices=ROUTES, widget=forms.RadioSelect,
                              error_messages={"required": "Select how the sharing is lawful"})
    agreement = _AgreementChoice(label="Which agreement?", queryset=None, to_field_name="uuid", required=False,
                                 error_messages={"invalid_choice": "Select an agreement from the list"})
    # Radios, not selects: the conditions' names are long, and a select cuts them off on a phone.
    article6 = forms.ChoiceField(label="Lawful basis (UK GDPR Article 6)", choices=SAFEGUARDING_BASIS_CHOICES,
                                 required=False, widget=forms.RadioSelect)
    article9 = forms.ChoiceField(label="Condition for special category information (Article 9)",
                                 choices=ARTICLE9_CHOICES, required=False, widget=forms.RadioSelect,
                                 help_text="Needed for referral and concerns, risk, missing episodes, health and "
                                           "restricted notes.")
    reason = forms.CharField(
        label="Why was it shared?", widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"For a one-off safeguarding decision, write the rationale in full (at least {MIN_RATIONALE} "
                  "characters): the risk, why now and why this agency.",
        error_messages={"required": "Enter why it was shared"},
    )
    shared_on = DateField(label="Date shared", subject="the date shared", help_text="For example, 27 3 2026")
    information_request = forms.UUIDField(widget=forms.HiddenInput, required=False)
    others_checked = others_check_field()

    def __init__(self, *args, agencies, agreement_versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["to_agency"].queryset = agencies
        self.fields["agreement"].queryset = agreement_versions

    def clean_recipient_name(self):
        return self.cleaned_data["recipient_name"].strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("categories") and "categories" not in self.errors:
            self.add_error("categories", "Select at least one kind of information shared")
        if (not (cleaned.get("summary") or "").strip() and not cleaned.get("with_extract")
                and "summary" not in self.errors):
            self.add_error("summary", "Enter what was shared, or include the extract from the record")
        return cleaned

    def chosen_agency(self):
        """The agency as typed so far, valid or not: the agreements offered follow it."""
        ref = self["to_agency"].value()
        if not ref:
            return None
        return next((agency for agency in self.agencies if str(agency.uuid) == str(ref)), None)

    def chosen_categories(self) -> list[str]:
        values = set(self["categories"].value() or ())
        return [c for c in Category.values if c in values]


class NotSharedForm(forms.Form):
    """A decision not to share: what was asked, by whom, why not, and when."""

    what_was_asked = forms.CharField(label="What was asked for?", widget=forms.Textarea(attrs={"rows": 4}),
                                     error_messages={"required": "Enter what was asked for"})
    asked_by_agency = _AgencyChoice(label="Which agency asked? (optional)", queryset=None, to_field_name="uuid",
                                    required=False, empty_label="Not an agency, or not known",
                                    error_messages={"invalid_choice": "Select an agency from the list"})
    asked_by_name = forms.CharField(label="Who asked?", max_length=150, required=False,
                                    help_text="Their name and role, or who they are if not from an agency.")
    categories = forms.MultipleChoiceField(
        label="What kinds of information were asked for? (optional)", choices=Category.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        error_messages={"invalid_choice": "Select kinds of information from the list"},
    )
    reason = forms.CharField(label="Why was it not shared?", widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages={"required": "Enter why it was not shared"})
    decided_on = DateField(label="Date decided", subject="the date decided", help_text="For example, 27 3 2026")
    information_request = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["asked_by_agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if (not cleaned.get("asked_by_agency") and not (cleaned.get("asked_by_name") or "").strip()
                and not cleaned.get("information_request") and "asked_by_agency" not in self.errors):
            self.add_error("asked_by_name", "Enter who asked: their agency or their name")
        return cleaned
