"""An information-sharing agreement's terms: a new agreement, and a new version of one (which
starts from the current terms and says what changed).

The form checks what it can beside each field; the action checks the same rules again (and
the document's contents) whatever the path, and its errors come back by field too."""

from __future__ import annotations

from django import forms
from django.conf import settings

from hubspoke.lib.forms import DateField
from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.network.models import Agency, Service
from hubspoke.sharing.categories import SPECIAL_CATEGORIES, Article6, Article9, Category
from hubspoke.sharing.rules import agreement_terms_problems

# Signatory rows on the form: the first signs for the service, each other one for a party.
# Blank rows are ignored; an agreement with more parties than rows is revised to add them.
SIGNATORY_ROWS = 4
# A radio needs a value: "no special category information" is posted as this, stored as "".
NO_ARTICLE9 = "none"


def _row(i: int, name: str) -> str:
    return f"signatory_{i}_{name}"


class AgreementForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Which service is this agreement for?", queryset=None, empty_label="Select a service",
        error_messages={"required": "Select the service", "invalid_choice": "Select a service from the list"},
    )
    title = forms.CharField(
        label="Title", max_length=200, validators=[VisibleCharactersOnly("Title")],
        help_text="As it appears on the signed agreement",
        error_messages={"required": "Enter the title of the agreement",
                        "max_length": "The title must be 200 characters or fewer"},
    )
    purpose = forms.CharField(
        label="Purpose", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the agencies share information under this agreement",
        error_messages={"required": "Enter the purpose of the agreement"},
    )
    parties = forms.ModelMultipleChoiceField(
        label="Which agencies are parties to the agreement?", queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple, help_text="Besides your service. Select all that apply.",
        error_messages={"required": "Select at least one agency that is a party to the agreement",
                        "invalid_choice": "Select agencies from the list",
                        "invalid_pk_value": "Select agencies from the list"},
    )
    categories = forms.MultipleChoiceField(
        label="Which kinds of information does it cover?", choices=Category.choices,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
        error_messages={"required": "Select at least one kind of information the agreement covers",
                        "invalid_choice": "Select kinds of information from the list"},
    )
    article6 = forms.ChoiceField(
        label="Lawful basis (UK GDPR Article 6)", choices=Article6.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing",
                        "invalid_choice": "Select a lawful basis from the list"},
    )
    article9 = forms.ChoiceField(
        label="Condition for special category information (UK GDPR Article 9)",
        choices=[(NO_ARTICLE9 if value == "" else value, label) for value, label in Article9.choices],
        widget=forms.RadioSelect,
        help_text="Needed when the agreement covers concerns, risk, missing episodes, health or restricted notes",
        error_messages={"required": "Select the condition for special category information, or none",
                        "invalid_choice": "Select a condition from the list"},
    )
    starts_on = DateField(label="Start date", subject="the start date")
    review_on = DateField(label="Review date", subject="the review date")
    ends_on = DateField(label="End date (optional)", subject="the end date", required=False)
    document = forms.FileField(
        label="The signed agreement (optional)", required=False,
        error_messages={"invalid": "The selected file could not be uploaded: select it again",
                        "empty": "The selected file is empty",
                        "missing": "Select the file again"},
    )

    def __init__(self, *args, services=None, version=None, rows: int = SIGNATORY_ROWS, **kwargs):
        """``services``: those the agreement may be for (the field is left out when there is
        one, or when revising). ``version``: the current version, when revising."""
        self.version = version
        self.rows = rows
        super().__init__(*args, **kwargs)
        if services is None or len(services) < 2:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = Service.objects.filter(pk__in=[s.pk for s in services]).order_by("name")
        self.fields["categories"].choice_hints = {
            c.value: "Special category: needs an Article 9 condition"
            for c in Category if c in SPECIAL_CATEGORIES
        }
        limit = settings.HUBSPOKE_AGREEMENT_MAX_BYTES // (1024 * 1024)
        self.fields["document"].help_text = f"A PDF, smaller than {limit}MB" if limit else "A PDF"
        if version is not None:
            self.fields["change_note"] = forms.CharField(
                label="What has changed?", widget=forms.Textarea(attrs={"rows": 3}),
                help_text=f"From version {version.number}",
                error_messages={"required": "Enter what has changed in this version"},
            )
            if version.document:
                self.fields["document"].label = "A new signed agreement (optional)"
                self.fields["document"].help_text += (f". Leave this empty to keep the signed agreement of "
                                                      f"version {version.number}")
        for i in range(rows):
            if i > 0:
                self.fields[_row(i, "agency")] = forms.ModelChoiceField(
                    label="Agency", queryset=Agency.objects.order_by("name"), required=False,
                    empty_label="Select the agency",
                    error_messages={"invalid_choice": "Select an agency from the list"},
                )
            self.fields[_row(i, "name")] = forms.CharField(
                label="Name", max_length=150, required=False, validators=[VisibleCharactersOnly("Name")],
                error_messages={"max_length": "The name must be 150 characters or fewer"})
            self.fields[_row(i, "role")] = forms.CharField(
                label="Role", max_length=150, required=False, validators=[VisibleCharactersOnly("Role")],
                error_messages={"max_length": "The role must be 150 characters or fewer"})
            self.fields[_row(i, "signed_on")] = DateField(label="Date signed", subject="the date signed",
                                                          required=False)

    @staticmethod
    def initial_from(version) -> dict:
        """The current terms, as the starting point of a new version."""
        initial = {
            "title": version.title, "purpose": version.purpose, "parties": list(version.parties.all()),
            "article6": version.article6, "article9": version.article9 or NO_ARTICLE9,
            "categories": list(version.categories), "starts_on": version.starts_on, "review_on": version.review_on,
            "ends_on": version.ends_on,
        }
        others = 1
        for signed in version.signatories.all():
            i = 0 if signed.agency_id is None and _row(0, "name") not in initial else others
            if i:
                others += 1
                initial[_row(i, "agency")] = signed.agency
            initial.update({_row(i, "name"): signed.name, _row(i, "role"): signed.role,
                            _row(i, "signed_on"): signed.signed_on})
        return initial

    @staticmethod
    def rows_for(version) -> int:
        """Enough rows for a version's signatories, and one to spare."""
        return max(SIGNATORY_ROWS, len(version.signatories.all()) + 1) if version is not None else SIGNATORY_ROWS

    # --- For the template ------------------------------------------------------------------

    def signatory_rows(self) -> list[dict]:
        rows = []
        for i in range(self.rows):
            rows.append({
                "number": i + 1,
                "for_service": i == 0,
                "agency": self[_row(i, "agency")] if i else None,
                "name": self[_row(i, "name")], "role": self[_row(i, "role")],
                "signed_on": self[_row(i, "signed_on")],
            })
        return rows

    @property
    def more_signatories_open(self) -> bool:
        """Rows after the second are folded away unless something is in them (typed, given at
        the start, or wrong)."""
        for i in range(2, self.rows):
            for part in ("agency", "name", "role", "signed_on"):
                bound = self[_row(i, part)]
                value = bound.value()
                if bound.errors or (any(value) if isinstance(value, list | tuple) else value):
                    return True
        return False

    # --- Checking --------------------------------------------------------------------------

    def clean_article9(self):
        value = self.cleaned_data["article9"]
        return "" if value == NO_ARTICLE9 else value

    def clean(self):
        data = super().clean()
        # The action's own rules, beside their fields, where their fields were given.
        needs = {"categories": ("categories",), "parties": ("parties",), "article9": ("article9", "categories"),
                 "review_on": ("starts_on", "review_on"), "ends_on": ("starts_on", "ends_on")}
        terms = {name: data.get(name) for name in ("categories", "article9", "starts_on", "review_on", "ends_on")}
        for name, problem in agreement_terms_problems(terms, parties=data.get("parties") or []).items():
            if all(field in data for field in needs[name]) and name not in self.errors:
                self.add_error(name, problem)
        parties = set(data.get("parties") or ())
        for i in range(self.rows):
            name, role, signed_on = (data.get(_row(i, part)) for part in ("name", "role", "signed_on"))
            agency = data.get(_row(i, "agency")) if i else None
            typed = any(self.data.get(f"{self.add_prefix(_row(i, 'signed_on'))}_{part}", "").strip()
                        for part in ("day", "month", "year"))
            if not (name or role or typed or agency or _row(i, "signed_on") in self.errors):
                continue  # a blank row
            if i and agency is None and _row(i, "agency") not in self.errors:
                self.add_error(_row(i, "agency"), "Select the agency this person signed for")
            elif agency is not None and parties and agency not in parties:
                self.add_error(_row(i, "agency"), f"{agency} is not one of the parties selected above")
            if not name and _row(i, "name") not in self.errors:
                self.add_error(_row(i, "name"), "Enter the name of the person who signed")
            if not role and _row(i, "role") not in self.errors:
                self.add_error(_row(i, "role"), "Enter the role of the person who signed")
            if signed_on is None and _row(i, "signed_on") not in self.errors:
                self.add_error(_row(i, "signed_on"), "Enter the date signed")
        return data

    # --- For the action --------------------------------------------------------------------

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"].strip(), "purpose": d["purpose"].strip(), "article6": d["article6"],
                "article9": d["article9"], "categories": d["categories"], "starts_on": d["starts_on"],
                "review_on": d["review_on"], "ends_on": d["ends_on"]}

    def signatories(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {"agency": d.get(_row(i, "agency")) if i else None, "name": d[_row(i, "name")].strip(),
             "role": d[_row(i, "role")].strip(), "signed_on": d[_row(i, "signed_on")]}
            for i in range(self.rows) if d.get(_row(i, "name"))
        ]

    def ask_for_the_file_again(self) -> None:
        """A form shown again with its errors cannot give back a chosen file (browsers do not
        let a page fill in a file input): where one was chosen and was not itself the problem,
        say by the field, and in the summary, to select it again."""
        posted = self.files.get(self.add_prefix("document")) if self.is_bound else None
        if posted and self.errors and "document" not in self.errors:
            self.add_error("document", f"Select the file again: a browser cannot keep {posted.name} when the page "
                                       "is shown again")
