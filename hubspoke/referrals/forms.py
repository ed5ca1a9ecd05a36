"""Referral forms. Only the fields listed here can be set from a request: status, service
assignment, the referring agency of a partner and who made the referral are the actions'."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from hubspoke.lib.forms import DateField
from hubspoke.network.models import Agency, LocalAuthority
from hubspoke.referrals.actions import check_consent
from hubspoke.referrals.models import ConcernTag, Referral


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
        labels = {"subject_estimated_age": "Estimated age, if the date of birth is not known"}
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
            "subject_estimated_age": {"invalid": "Estimated age must be a number, like 15"},
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

    service = forms.ModelChoiceField(queryset=None, label="Service", empty_label=None)
    referring_agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"), required=False, label="Referring agency",
        empty_label="None (parent, carer, self-referral or other)",
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.order_fields(["service", *self.Meta.fields[:7], "pathway", "referring_agency"])


class PartnerReferralForm(ReferralForm):
    """A partner refers to a service from their agency; the agency is theirs, not a choice."""

    service = forms.ModelChoiceField(queryset=None, label="Which service are you referring to?",
                                     empty_label="Select a service",
                                     error_messages={"required": "Select the service you are referring to"})

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.order_fields(["service"])
