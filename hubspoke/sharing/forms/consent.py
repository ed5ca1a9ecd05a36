"""Recording a consent decision and withdrawing consent. The agencies come grouped (the young
person's own local authority first, then the rest of the service's region, then everywhere
else), because the programme's list is long and the nearest agencies are the ones usually named."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.network.models import Agency
from hubspoke.sharing.categories import Category
from hubspoke.sharing.models import ConsentDecision, ConsentGiver, ConsentMethod

GIVERS = [(value, label) for value, label in ConsentGiver.choices if value != ConsentGiver.REFERRER]
METHODS = [(value, label) for value, label in ConsentMethod.choices if value != ConsentMethod.REFERRAL]
DECISIONS = [(ConsentDecision.GIVEN, "They agreed"), (ConsentDecision.REFUSED, "They said no")]

COMPETENCE_HINT = (
    "In your own words: what they understood about what would be shared, with whom and why, and that they "
    "can change their mind. A child under 16 can decide for themselves when they understand it fully "
    "(this is called being Gillick competent; the Fraser guidelines apply to advice about sex and "
    "contraception). If they could not understand it, say so and why someone else decided."
)


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(label="What did they decide?", choices=DECISIONS, widget=forms.RadioSelect,
                                 error_messages={"required": "Select whether they agreed or said no",
                                                 "invalid_choice": "Select whether they agreed or said no"})
    given_by = forms.ChoiceField(label="Who decided?", choices=GIVERS, widget=forms.RadioSelect,
                                 error_messages={"required": "Select who decided",
                                                 "invalid_choice": "Select who decided"})
    # Asked of a parent, carer or someone else with authority. Not a conditional reveal: both
    # answers that need them would each hold a copy of the same two questions.
    given_by_name = forms.CharField(label="If someone else decided, what is their name?", required=False,
                                    max_length=150)
    why_this_person = forms.CharField(
        label="If someone else decided, why them and not the young person?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, they are the young person's parent and the young person could not understand "
                  "the decision.",
    )
    competence_note = forms.CharField(label="What did the young person understand?", required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}), help_text=COMPETENCE_HINT)
    # Checked against the agencies already read for the groups, so a forged value never reaches
    # the database (a number too large for it would be a server error, not a form error).
    agencies = forms.MultipleChoiceField(
        label="Which agencies does it cover?", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    categories = forms.MultipleChoiceField(
        label="Which kinds of information does it cover?", choices=Category.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select kinds of information from the list"},
    )
    method = forms.ChoiceField(label="How did they give their decision?", choices=METHODS,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select how they gave their decision",
                                               "invalid_choice": "Select how they gave their decision"})
    given_on = DateField(label="Date of the decision", subject="the date of the decision",
                         help_text="For example, 27 3 2026")
    revisit_on = DateField(label="When should you talk about it again? (optional)",
                           subject="the date to talk about it again", required=False,
                           help_text="Usually within three months, sooner if something changes. For example, 27 6 2026")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_groups = agency_groups(person)
        ordered = [agency for _, agencies, _ in self.agency_groups for agency in agencies]
        self._agencies = {str(a.pk): a for a in ordered}
        # The choices in the order shown, so the error summary's link finds the first box.
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in ordered]

    def chosen_agencies(self) -> list[Agency]:
        return [self._agencies[value] for value in self.cleaned_data["agencies"]]

    def grouped_agencies(self):
        """For the template: (heading, [(index, agency, checked)], open) per group, each box's
        index the one ``includes/_field.html`` and the error summary use (``id_agencies_<n>``)."""
        chosen = {str(v) for v in (self["agencies"].value() or [])}
        index, groups = 0, []
        for heading, agencies, open_ in self.agency_groups:
            rows = []
            for agency in agencies:
                rows.append((index, agency, str(agency.pk) in chosen))
                index += 1
            groups.append((heading, rows, open_ or any(checked for _, _, checked in rows)))
        return groups

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        return {name: d.get(name) for name in ("decision", "given_by", "given_by_name", "why_this_person",
                                               "competence_note", "categories", "method", "given_on",
                                               "revisit_on", "notes")}


def agency_groups(person) -> list[tuple[str, list[Agency], bool]]:
    """The programme's agencies in three groups: the young person's local authority (and any
    agency that referred them), the rest of the service's region, and everywhere else (folded
    away until opened). One query."""
    agencies = list(Agency.objects.select_related("local_authority").order_by("name"))
    referred_by = set(person.referrals.exclude(referring_agency=None).values_list("referring_agency_id", flat=True))
    near, region, rest = [], [], []
    for agency in agencies:
        la = agency.local_authority
        if agency.pk in referred_by or (person.local_authority_id and la and la.pk == person.local_authority_id):
            near.append(agency)
        elif la and la.region == person.service.region:
            region.append(agency)
        else:
            rest.append(agency)
    where = person.local_authority.name if person.local_authority_id else None
    groups = []
    if near:
        groups.append((f"In {where}, or that referred them" if where else "Agencies that referred them", near, True))
    if region:
        groups.append(("Elsewhere in the service's region" if near else "In the service's region", region, True))
    if rest:
        groups.append(("Agencies in other areas", rest, not (near or region)))
    return groups


class WithdrawalForm(forms.Form):
    withdrawn_on = DateField(label="Date consent was withdrawn", subject="the date consent was withdrawn",
                             help_text="For example, 27 3 2026")
    withdrawn_by = forms.ChoiceField(label="Who withdrew it?", choices=GIVERS, widget=forms.RadioSelect,
                                     error_messages={"required": "Select who withdrew their consent",
                                                     "invalid_choice": "Select who withdrew their consent"})
    withdrawal_words = forms.CharField(
        label="What did they say?", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words, as far as you can.",
        error_messages={"required": "Enter what they said, in their own words"},
    )
