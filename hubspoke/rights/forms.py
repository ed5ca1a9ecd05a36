"""The forms of the subject access requests pages. They check what was typed; the rules (who may
ask, when a request may be extended, whether a passage is in the field) are the actions'."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.rights.models import Exemption, PauseKind, RequesterKind, Status

TEXT = {"rows": 3, "class": "govuk-textarea"}


class RequestForm(forms.Form):
    requester_kind = forms.ChoiceField(label="Who asked", choices=RequesterKind.choices,
                                       error_messages={"required": "Select who asked"})
    requester_name = forms.CharField(label="Their name", required=False, max_length=200,
                                     help_text="Needed for a parent or a representative")
    identity_checked = forms.CharField(label="How their identity was checked", widget=forms.Textarea(attrs=TEXT),
                                       error_messages={"required": "Enter how the requester's identity was checked"},
                                       help_text="For example: known to the worker and seen in person; passport "
                                                 "seen")
    authority_checked = forms.CharField(
        label="How their authority was checked", widget=forms.Textarea(attrs=TEXT), required=False,
        help_text="For a parent: parental responsibility, and whether the young person understands and agrees. "
                  "For a representative: the young person's signed authority")
    received_on = DateField(label="Date received", subject="the date the request was received")


class PauseForm(forms.Form):
    kind = forms.ChoiceField(label="What you are waiting for", choices=PauseKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what you are waiting for"})
    what_was_asked = forms.CharField(label="What was asked for", widget=forms.Textarea(attrs=TEXT),
                                     error_messages={"required": "Enter what was asked for"})
    started_on = DateField(label="Date asked", subject="the date it was asked for")


class ResumeForm(forms.Form):
    ended_on = DateField(label="Date it arrived", subject="the date it arrived")


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(label="Extend by", coerce=int, widget=forms.RadioSelect,
                                    choices=[(1, "One month"), (2, "Two months")],
                                    error_messages={"required": "Select an extension of one or two months"})
    reason = forms.CharField(label="Why the request is complex", widget=forms.Textarea(attrs=TEXT),
                             error_messages={"required": "Enter why the request is complex"})
    told_on = DateField(label="Date the requester was told", subject="the date the requester was told")


class CloseForm(forms.Form):
    status = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect,
                               choices=[(Status.REFUSED, "Refused"), (Status.WITHDRAWN, "Withdrawn by the requester")],
                               error_messages={"required": "Select refused or withdrawn"})
    outcome = forms.CharField(label="Reason", widget=forms.Textarea(attrs=TEXT),
                              error_messages={"required": "Enter the reason"},
                              help_text="For a refusal, what the requester was told, including their right to "
                                        "complain to the ICO")


class RedactionForm(forms.Form):
    exemption = forms.ChoiceField(label="Exemption", choices=Exemption.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Select the exemption that applies"})
    passage = forms.CharField(label="Passage to redact", required=False, widget=forms.Textarea(attrs=TEXT),
                              strip=False,
                              help_text="Leave empty to redact the whole field. Otherwise type or paste the "
                                        "words exactly as they are shown")
