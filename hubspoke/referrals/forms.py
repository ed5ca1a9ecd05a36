"""Referral forms. Only the fields listed here can be set from a request: status, service
assignment, the referring agency of a partner and who made the referral are the actions'."""

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hubspoke.lib.forms import DateField
from hubspoke.network.models import Agency, LocalAuthority
from hubspoke.referrals.actions import check_consent
from hubspoke.referrals.models import ConcernTag, Referral, ReferralDecision, YoungPerson, YoungPersonContact


class ReferralForm(forms.ModelForm):
    subject_date_of_birth = DateField(label="Date of birth", required=False)
    concern_tags = forms.MultipleChoiceField(
        label="What kind of exploitation is suspected?", choices=ConcernTag.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Referral
        fields = (
            "subject_first_name", "subject_last_name", "subject_known_as", "subject_date_of_birth",
            "subject_estimated_age", "subject_gender", "subject_local_authority", "pathway", "referrer_name",
            "referrer_role", "referrer_phone", "referrer_email", "concerns", "concern_tags",
            "other_agencies_involved", "urgency", "consent", "lawful_basis", "consent_reason",
        )
        labels = {
            "subject_estimated_age": "Estimated age, if the date of birth is not known",
            "pathway": "Where does the referral come from?",
            "urgency": "How urgent is it?",
            "consent": "Did the young person consent to this referral?",
            "lawful_basis": "Lawful basis for referring without consent",
        }
        help_texts = {
            "subject_known_as": "Nicknames, other spellings, names used online.",
            "concerns": "What has happened, and why you are worried. Use the referrer's own words.",
            "consent_reason": "Why the young person's consent to this referral was not sought.",
        }
        widgets = {
            "subject_gender": forms.RadioSelect, "pathway": forms.Select, "urgency": forms.RadioSelect,
            "consent": forms.RadioSelect, "lawful_basis": forms.RadioSelect,
            "concerns": forms.Textarea(attrs={"rows": 8}), "consent_reason": forms.Textarea(attrs={"rows": 3}),
            "other_agencies_involved": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "subject_first_name": {"required": "Enter the young person's first name"},
            "subject_last_name": {"required": "Enter the young person's last name"},
            "pathway": {"required": "Select where the referral comes from"},
            "referrer_name": {"required": "Enter the referrer's name"},
            "concerns": {"required": "Enter the concerns"},
            "consent": {"required": "Select whether the young person consented to the referral"},
            "subject_estimated_age": {"invalid": "Estimated age must be a number, like 15",
                                      "min_value": "Estimated age must be a number, like 15"},
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
        self.fields["lawful_basis"].required = False
        self.fields["pathway"].choices = [("", "Select where the referral comes from"),
                                          *Referral._meta.get_field("pathway").choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject_date_of_birth") and cleaned.get("subject_estimated_age"):
            self.add_error("subject_estimated_age", "Give a date of birth or an estimated age, not both")
        try:
            # The action's own rule, checked here too so that its errors sit beside the fields
            # rather than as a broken database constraint.
            check_consent(cleaned)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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
        self.order_fields(["service", "received_on", "received_time", *self.Meta.fields[:7], "pathway",
                           "referring_agency"])


class PartnerReferralForm(ReferralForm):
    """A partner refers to a service from their agency; the agency is theirs, not a choice."""

    service = forms.ModelChoiceField(queryset=None, label="Which service are you referring to?",
                                     empty_label="Select a service",
                                     error_messages={"required": "Select the service you are referring to"})

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.order_fields(["service"])


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
            "estimated_age": {"invalid": "Estimated age must be a number, like 15",
                              "min_value": "Estimated age must be a number, like 15"},
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
