"""Referral forms. Only the fields listed here can be set from a request: status, service
assignment, the referring agency of a partner and who made the referral are the actions'."""

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from hubspoke.lib.forms import DateField
from hubspoke.lib.templatetags.govuk import error_anchor
from hubspoke.network.models import Agency, LocalAuthority
from hubspoke.referrals.actions import (
    CHOSEN_BASES,
    ESTIMATED_AGE_LIMITS,
    REFERRAL_FIELDS,
    check_age,
    check_consent,
    check_gender,
)
from hubspoke.referrals.models import (
    ConcernTag,
    Consent,
    Gender,
    LawfulBasis,
    Pathway,
    Referral,
    ReferralDecision,
    Urgency,
    YoungPerson,
    YoungPersonContact,
)

# The lawful basis and the reason, asked under each answer to the consent question that needs
# them (a GOV.UK conditional reveal holds its own questions, so each answer has its own pair).
CONSENT_REVEALS = {
    Consent.REFUSED: ("refused_lawful_basis", "refused_consent_reason"),
    Consent.NOT_SOUGHT: ("not_sought_lawful_basis", "not_sought_consent_reason"),
}
BASIS_CHOICES = [(value, label) for value, label in LawfulBasis.choices if value in CHOSEN_BASES]


class ReferralForm(forms.ModelForm):
    """The referral's questions and rules, shared by staff recording a referral and partners
    making one. Each rule is checked only where its questions are on the form, so a partner's
    step checks its own questions (the action checks them all again)."""

    subject_date_of_birth = DateField(label="Date of birth", required=False)
    subject_estimated_age = forms.IntegerField(
        label="Estimated age, if the date of birth is not known", required=False,
        min_value=ESTIMATED_AGE_LIMITS[0], max_value=ESTIMATED_AGE_LIMITS[1],
        error_messages={
            "invalid": "Estimated age must be a number, like 15",
            "min_value": f"Estimated age must be {ESTIMATED_AGE_LIMITS[0]} or more",
            "max_value": f"Estimated age must be {ESTIMATED_AGE_LIMITS[1]} or less",
        },
    )
    concern_tags = forms.MultipleChoiceField(
        label="What kind of exploitation is suspected?", choices=ConcernTag.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )
    refused_lawful_basis = forms.ChoiceField(
        label="Lawful basis for referring although they refused", choices=BASIS_CHOICES, required=False,
        widget=forms.RadioSelect,
    )
    refused_consent_reason = forms.CharField(
        label="Why are you referring although they refused?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_sought_lawful_basis = forms.ChoiceField(
        label="Lawful basis for referring without seeking consent", choices=BASIS_CHOICES, required=False,
        widget=forms.RadioSelect,
    )
    not_sought_consent_reason = forms.CharField(
        label="Why was consent not sought?", required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Referral
        fields = (
            "subject_first_name", "subject_last_name", "subject_known_as", "subject_date_of_birth",
            "subject_estimated_age", "subject_gender", "subject_gender_self_described", "subject_local_authority",
            "pathway", "referrer_name", "referrer_role", "referrer_phone", "referrer_email", "concerns",
            "concern_tags", "other_agencies_involved", "urgency", "consent",
        )
        labels = {
            "subject_gender_self_described": "How do they describe their gender?",
            "pathway": "Where does the referral come from?",
            "urgency": "How urgent is it?",
            "consent": "Did the young person consent to this referral?",
        }
        help_texts = {
            "subject_known_as": "Nicknames, other spellings, names used online.",
            "concerns": "What has happened, and why you are worried. Use the referrer's own words.",
        }
        widgets = {
            "subject_gender": forms.RadioSelect, "pathway": forms.Select, "urgency": forms.RadioSelect,
            "consent": forms.RadioSelect,
            "concerns": forms.Textarea(attrs={"rows": 8}),
            "other_agencies_involved": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "subject_first_name": {"required": "Enter the young person's first name"},
            "subject_last_name": {"required": "Enter the young person's last name"},
            "pathway": {"required": "Select where the referral comes from"},
            "referrer_name": {"required": "Enter the referrer's name"},
            "concerns": {"required": "Enter the concerns"},
            "consent": {"required": "Select whether the young person consented to the referral"},
            "subject_gender": {"required": "Select the young person's gender"},
            "urgency": {"required": "Select how urgent it is"},
            "referrer_email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.fields["subject_local_authority"].queryset = LocalAuthority.objects.order_by("name")
        self.fields["subject_local_authority"].empty_label = "Not known"
        self.fields["pathway"].choices = [("", "Select where the referral comes from"),
                                          *Referral._meta.get_field("pathway").choices]
        # Shown under the answer that needs them (includes/_field.html); without JavaScript
        # they simply show.
        self.fields["subject_gender"].reveals = {Gender.SELF_DESCRIBED: ("subject_gender_self_described",)}
        self.fields["consent"].reveals = CONSENT_REVEALS

    def clean(self):
        cleaned = super().clean()
        if "subject_gender" in self.fields:
            if cleaned.get("subject_gender") != Gender.SELF_DESCRIBED:
                cleaned["subject_gender_self_described"] = ""
            self._check(check_gender, cleaned)
        both = cleaned.get("subject_date_of_birth") and cleaned.get("subject_estimated_age") is not None
        if both and "subject_estimated_age" in self.fields:
            self.add_error("subject_estimated_age", "Give a date of birth or an estimated age, not both")
        if "consent" in self.fields:
            basis, reason = CONSENT_REVEALS.get(cleaned.get("consent"), (None, None))
            cleaned["lawful_basis"] = cleaned.get(basis, "") if basis else ""
            cleaned["consent_reason"] = cleaned.get(reason, "") if reason else ""
            self._check(check_consent, cleaned, rename={"lawful_basis": basis, "consent_reason": reason})
        return cleaned

    def _check(self, rule, cleaned, *, rename: dict | None = None) -> None:
        """The action's own rule, checked here too so that its errors sit beside the questions
        (rather than as a broken database constraint)."""
        try:
            rule(cleaned)
        except ValidationError as error:
            self._place(error, rename)

    def _place(self, error: ValidationError, rename: dict | None = None) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            name = (rename or {}).get(name, name)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def add_action_error(self, error: ValidationError) -> None:
        """An error the action found, beside its question where this form asks it."""
        basis, reason = CONSENT_REVEALS.get(self.cleaned_data.get("consent"), (None, None))
        self._place(error, {"lawful_basis": basis, "consent_reason": reason})

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in REFERRAL_FIELDS}


class StaffReferralForm(ReferralForm):
    """Staff record a referral that came by phone or email, for a service they work in."""

    service = forms.ModelChoiceField(queryset=None, label="Service", empty_label=None,
                                     error_messages={"required": "Select the service"})
    received_on = DateField(label="Date received", subject="the date it was received", required=False,
                            help_text="Leave empty if it arrived today. For example, 27 3 2026")
    received_time = forms.TimeField(label="Time received (optional)", required=False,
                                    help_text="For example, 14:30",
                                    error_messages={"invalid": "Enter a time like 14:30"})

    def clean(self):
        cleaned = super().clean()
        if "received_on" in cleaned and "received_time" in cleaned:
            received = self.received_at()
            if received is not None and received > timezone.now():
                self.add_error("received_on", "The date received must not be in the future")
        return cleaned

    def received_at(self):
        """When it arrived, in the service's time zone; None for now."""
        on = self.cleaned_data.get("received_on")
        if on is None:
            return None
        at = self.cleaned_data.get("received_time") or dt.time(9, 0)
        return timezone.make_aware(dt.datetime.combine(on, at))
    referring_agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"), required=False, label="Referring agency",
        empty_label="None (parent, carer, self-referral or other)",
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.order_fields(["service", "received_on", "received_time", *self.Meta.fields[:8], "pathway",
                           "referring_agency"])


# A partner's referral, a page at a time: (slug, heading, questions).
PARTNER_STEPS = (
    ("young-person", "About the young person", (
        "service", "subject_first_name", "subject_last_name", "subject_known_as", "subject_date_of_birth",
        "subject_estimated_age", "subject_gender", "subject_gender_self_described", "subject_local_authority",
    )),
    ("concerns", "Your concerns", ("concerns", "concern_tags", "urgency")),
    ("consent", "Consent", ("consent", *CONSENT_REVEALS[Consent.REFUSED], *CONSENT_REVEALS[Consent.NOT_SOUGHT])),
    ("about-you", "About you", (
        "pathway", "referrer_name", "referrer_role", "referrer_phone", "referrer_email", "other_agencies_involved",
    )),
)
STEP_SLUGS = tuple(slug for slug, _, _ in PARTNER_STEPS)
# Partners answer for themselves.
PARTNER_LABELS = {
    "subject_known_as": "Known as or other names (optional)",
    "subject_estimated_age": "Estimated age, if you do not know their date of birth (optional)",
    "subject_local_authority": "Local authority where they live",
    "concerns": "What are you worried about?",
    "other_agencies_involved": "Which other agencies are involved? (optional)",
    "pathway": "Where does the referral come from?",
    "referrer_name": "Your name",
    "referrer_role": "Your role (optional)",
    "referrer_phone": "Your phone number (optional)",
    "referrer_email": "Your email address (optional)",
}
PARTNER_HINTS = {
    "concerns": "What has happened, and why you are worried, in your own words.",
    "subject_date_of_birth": "For example, 27 3 2010. Leave it empty if you do not know it.",
    "referrer_phone": "The service may call you about the referral.",
    "other_agencies_involved": "For example, the child's social worker or school.",
}


class PartnerReferralForm(ReferralForm):
    """A partner refers to a service from their agency; the agency is theirs, not a choice.
    With ``step``, only that page's questions (and rules); without, every question, as the
    check-your-answers page reads them back."""

    service = forms.ModelChoiceField(queryset=None, label="Which service are you referring to?",
                                     empty_label="Select a service",
                                     error_messages={"required": "Select the service you are referring to"})

    def __init__(self, *args, services, step: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        del self.fields["submission_token"]  # the draft's token, in the address, stands for it
        self.order_fields([name for _, _, names in PARTNER_STEPS for name in names])
        if step is not None:
            keep = {slug: names for slug, _, names in PARTNER_STEPS}[step]
            for name in [n for n in self.fields if n not in keep]:
                del self.fields[name]
        for name, label in PARTNER_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label
        for name, hint in PARTNER_HINTS.items():
            if name in self.fields:
                self.fields[name].help_text = hint
        if "referrer_name" in self.fields:
            self.fields["referrer_name"].error_messages["required"] = "Enter your name"

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        age_fields = ("subject_date_of_birth", "subject_estimated_age")
        if service and all(name in self.fields and not self.has_error(name) for name in age_fields):
            # The service's ages, on the page where the age is given, not only when it is sent.
            self._check(lambda c: check_age(service=service, date_of_birth=c.get("subject_date_of_birth"),
                                            estimated_age=c.get("subject_estimated_age")), cleaned)
        return cleaned

    def typed(self, data) -> dict[str, list[str]]:
        """What was typed into this form's questions, as posted (date parts and all): what the
        draft keeps, so that nothing typed is lost."""
        keys = []
        for field in self:
            widget = field.field.widget
            if isinstance(widget, forms.MultiWidget):
                keys += [field.html_name + suffix for suffix in widget.widgets_names]
            else:
                keys.append(field.html_name)
        return {key: data.getlist(key) for key in keys if key in data}

    def step_of(self, name: str | None) -> str:
        return next((slug for slug, _, names in PARTNER_STEPS if name in names), STEP_SLUGS[0])

    def first_unfinished(self, answered) -> str | None:
        """The first step not yet answered, or with an answer the rules refuse; None when the
        referral is ready to send."""
        missing = [slug for slug in STEP_SLUGS if slug not in answered]
        wrong = {self.step_of(name) for name in self.errors if name != NON_FIELD_ERRORS}
        return next((slug for slug in STEP_SLUGS if slug in missing or slug in wrong), None)

    def summary(self) -> list[dict]:
        """The answers as the check-your-answers page reads them back, by step."""
        c = self.cleaned_data
        dob = c["subject_date_of_birth"]
        gender = (c["subject_gender_self_described"] if c["subject_gender"] == Gender.SELF_DESCRIBED
                  else Gender(c["subject_gender"]).label)
        rows = {
            "young-person": [
                ("Service", "service", c["service"].name),
                ("Name", "subject_first_name", f"{c['subject_first_name']} {c['subject_last_name']}"),
                ("Known as or other names", "subject_known_as", c["subject_known_as"]),
                ("Date of birth", "subject_date_of_birth",
                 f"{dob.day} {dob:%B %Y}" if dob else
                 (f"Not known: about {c['subject_estimated_age']}" if c["subject_estimated_age"] is not None
                  else "Not known")),
                ("Gender", "subject_gender", gender),
                ("Local authority where they live", "subject_local_authority",
                 c["subject_local_authority"].name if c["subject_local_authority"] else "Not known"),
            ],
            "concerns": [
                ("Your concerns", "concerns", c["concerns"]),
                ("Kind of exploitation suspected", "concern_tags",
                 ", ".join(ConcernTag(tag).label for tag in c["concern_tags"])),
                ("Urgency", "urgency", Urgency(c["urgency"]).label),
            ],
            "consent": [("Consent", "consent", Consent(c["consent"]).label)],
            "about-you": [
                ("Where the referral comes from", "pathway", Pathway(c["pathway"]).label),
                ("Your name", "referrer_name", c["referrer_name"]),
                ("Your role", "referrer_role", c["referrer_role"]),
                ("Your phone number", "referrer_phone", c["referrer_phone"]),
                ("Your email address", "referrer_email", c["referrer_email"]),
                ("Other agencies involved", "other_agencies_involved", c["other_agencies_involved"]),
            ],
        }
        basis, reason = CONSENT_REVEALS.get(c["consent"], (None, None))
        if basis:
            rows["consent"] += [("Lawful basis", basis, LawfulBasis(c["lawful_basis"]).label),
                                ("Reason", reason, c["consent_reason"])]
        return [
            {"slug": slug, "title": title,
             "rows": [{"key": key, "anchor": error_anchor(self[name]), "value": value}
                      for key, name, value in rows[slug]]}
            for slug, title, _ in PARTNER_STEPS
        ]

    def step_errors(self) -> list[dict]:
        """Errors found on sending, each pointing at the step (and question) to change."""
        found = []
        for name, messages in self.errors.items():
            for message in messages:
                if name == NON_FIELD_ERRORS:
                    found.append({"message": message})
                else:
                    found.append({"message": message, "step": self.step_of(name), "anchor": error_anchor(self[name])})
        return found


class AcceptForm(forms.Form):
    NEW = "new"
    record = forms.ChoiceField(
        label="Which record is this young person?", widget=forms.RadioSelect,
        error_messages={"required": "Select an existing record or a new one"},
    )
    spoke = forms.ChoiceField(label="Where will the work be held?", required=False)
    notes = forms.CharField(label="Notes on the decision (optional)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, matches, spokes, **kwargs):
        super().__init__(*args, prefix="accept", **kwargs)
        self.matches = {str(m.young_person.uuid): m.young_person for m in matches}
        self.fields["record"].choices = [
            *((key, f"{person}: existing record") for key, person in self.matches.items()),
            (self.NEW, "A new record, from the referral's details"),
        ]
        if not self.matches:
            self.fields["record"].initial = self.NEW
        self.spokes = {str(s.uuid): s for s in spokes}
        self.fields["spoke"].choices = [("", "The hub"), *((k, s.name) for k, s in self.spokes.items())]

    @property
    def young_person(self):
        return self.matches.get(self.cleaned_data["record"])

    @property
    def chosen_spoke(self):
        return self.spokes.get(self.cleaned_data.get("spoke") or "")


class DeclineForm(forms.ModelForm):
    class Meta:
        model = ReferralDecision
        fields = ("decline_reason", "reason_for_referrer", "signposting", "notes")
        labels = {
            "decline_reason": "Why is the service declining?",
            "reason_for_referrer": "What should the referrer be told?",
            "signposting": "Where else could the young person get support? (optional)",
            "notes": "Internal notes (optional)",
        }
        help_texts = {"reason_for_referrer": "The referrer's agency sees these words. Do not include case details."}
        widgets = {
            "decline_reason": forms.RadioSelect,
            "reason_for_referrer": forms.Textarea(attrs={"rows": 3}),
            "signposting": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "decline_reason": {"required": "Select why the service is declining"},
            "reason_for_referrer": {"required": "Enter what the referrer should be told"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decline", **kwargs)
        for name in ("decline_reason", "reason_for_referrer"):
            self.fields[name].required = True


class RequestInformationForm(forms.ModelForm):
    due_on = DateField(label="When is the information needed by?", subject="the date the information is needed by",
                       error_messages={"required": "Enter when the information is needed by"})

    class Meta:
        model = ReferralDecision
        fields = ("information_requested", "requested_from", "due_on", "asked_in_hubspoke")
        labels = {
            "information_requested": "What is missing or needs challenging?",
            "requested_from": "Who has been asked?",
            "asked_in_hubspoke": "Ask the referring agency in Hubspoke: they will see this question, exactly as "
                                 "written, on their referral and can answer it there",
        }
        help_texts = {"requested_from": "Their name, role and agency."}
        widgets = {"information_requested": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "information_requested": {"required": "Enter what is missing or needs challenging"},
            "requested_from": {"required": "Enter who has been asked"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="info", **kwargs)
        for name in ("information_requested", "requested_from"):
            self.fields[name].required = True


class ResolveInformationForm(forms.Form):
    outcome = forms.CharField(label="What came of the request?", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Enter what came of the request"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="resolve", **kwargs)


class CloseForm(forms.Form):
    notes = forms.CharField(label="Why is the referral being closed?", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="For example: withdrawn by the referrer, a duplicate, no answer to a request.",
                            error_messages={"required": "Enter why the referral is being closed"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="close", **kwargs)


class YoungPersonForm(forms.ModelForm):
    """The young person's record, as staff keep it up to date."""

    date_of_birth = DateField(label="Date of birth", required=False)
    aliases = forms.CharField(
        label="Other names (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: other spellings, names used online or by others. They are used to find "
                  "possible matches for new referrals.",
    )

    class Meta:
        model = YoungPerson
        fields = (
            "first_name", "last_name", "known_as", "date_of_birth", "estimated_age", "gender",
            "gender_self_described", "trans", "ethnicity", "first_language", "interpreter_needed", "disability",
            "learning_disability", "autism", "lgbt", "care_status", "unaccompanied_asylum_seeking",
            "local_authority", "education_status",
        )
        labels = {
            "known_as": "Known as (optional)",
            "estimated_age": "Estimated age, if the date of birth is not known",
            "gender_self_described": "How they describe their gender (optional)",
            "trans": "Do they identify as trans?",
            "first_language": "First language (optional)",
            "interpreter_needed": "They need an interpreter",
            "disability": "Disability",
            "learning_disability": "Learning disability",
            "autism": "Autism",
            "lgbt": "Do they identify as lesbian, gay, bisexual or another sexual orientation (LGBT+)?",
            "care_status": "Care status",
            "unaccompanied_asylum_seeking": "Unaccompanied asylum-seeking child",
            "local_authority": "Local authority of residence",
            "education_status": "Education, employment or training",
        }
        help_texts = {
            "gender_self_described": "Only if they describe it another way.",
            "trans": "Only as the young person says themselves.",
            "lgbt": "Only as the young person says themselves. Never record a guess.",
        }
        widgets = {
            "gender": forms.RadioSelect, "trans": forms.RadioSelect, "disability": forms.RadioSelect,
            "learning_disability": forms.RadioSelect, "autism": forms.RadioSelect, "lgbt": forms.RadioSelect,
            "care_status": forms.RadioSelect, "education_status": forms.Select,
        }
        error_messages = {
            "first_name": {"required": "Enter the young person's first name"},
            "last_name": {"required": "Enter the young person's last name"},
            "estimated_age": {
                "invalid": "Estimated age must be a number, like 15",
                "min_value": f"Estimated age must be {ESTIMATED_AGE_LIMITS[0]} or more",
            },
            "gender": {"required": "Select their gender"},
            "trans": {"required": "Select whether they identify as trans"},
            "ethnicity": {"required": "Select their ethnicity"},
            "disability": {"required": "Select whether they have a disability"},
            "learning_disability": {"required": "Select whether they have a learning disability"},
            "autism": {"required": "Select whether they are autistic"},
            "lgbt": {"required": "Select whether they identify as LGBT+"},
            "care_status": {"required": "Select their care status"},
            "education_status": {"required": "Select their education, employment or training"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = LocalAuthority.objects.order_by("name")
        self.fields["local_authority"].empty_label = "Not known"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("estimated_age"):
            self.add_error("estimated_age", "Give a date of birth or an estimated age, not both")
        if cleaned.get("gender") == "self_described" and not (cleaned.get("gender_self_described") or "").strip():
            self.add_error("gender_self_described", "Enter how they describe their gender")
        return cleaned

    def _post_clean(self):
        # The action validates the record as a whole (ages, the service's range); the form
        # keeps its own errors only, so nothing is half-applied to the instance here.
        pass

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class ContactForm(forms.ModelForm):
    class Meta:
        model = YoungPersonContact
        fields = ("phone", "email", "address", "postcode")
        labels = {
            "phone": "Phone number (optional)", "email": "Email address (optional)",
            "address": "Address (optional)", "postcode": "Postcode (optional)",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SearchForm(forms.Form):
    """Finding a young person by a name (or part of one) or an alias, a date of birth, or both."""

    name = forms.CharField(label="Name or alias", required=False, max_length=100,
                           help_text="A first name, family name or other name, or the start of one.")
    date_of_birth = DateField(label="Date of birth", required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("name") or "").strip() and not cleaned.get("date_of_birth"):
            self.add_error("name", "Enter a name or a date of birth")
        return cleaned


class AnswerForm(forms.Form):
    """A partner's answer to the service's question about their referral."""

    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages={"required": "Enter your answer"})
