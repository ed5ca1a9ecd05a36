"""Contacts and attempts, and what a contact must say."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Case, Contact, ContactLocation, ContactMethod, ContactOutcome, PlanElement, Present
from hubspoke.referrals.models import Referral

IN_PERSON = (ContactMethod.FACE_TO_FACE, ContactMethod.OUTREACH, ContactMethod.GROUP)
CONTACT_FIELDS = ("occurred_at", "duration_minutes", "method", "location", "outcome", "present",
                  "professionals_present", "elements", "notes", "restricted")


def contact_choice_errors(fields: dict) -> dict:
    """Where and who, as the method and outcome need them; by field, for the form too."""
    errors = {}
    if fields.get("method") in IN_PERSON and not fields.get("location"):
        errors["location"] = "Select where it took place"
    if fields.get("location") and fields["location"] not in ContactLocation.values:
        errors["location"] = "Select where it took place"
    if fields.get("outcome") == ContactOutcome.ATTENDED and not fields.get("present"):
        errors["present"] = "Select who was there"
    return errors


def check_contact(fields: dict, *, earliest) -> None:
    """What a contact must say, with errors named by field for the form."""
    errors = contact_choice_errors(fields)
    if fields["occurred_at"] > timezone.now():
        errors["occurred_on"] = "The date of the contact must not be in the future"
    elif earliest and timezone.localdate(fields["occurred_at"]) < earliest:
        errors["occurred_on"] = "The date of the contact must be on or after the day the referral arrived"
    unknown = set(fields.get("present", [])) - set(Present.values) | set(fields.get("elements", [])) - set(
        PlanElement.values)
    if unknown:
        raise ValueError(f"Unknown choices: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)


def earliest_contact_day(case: Case):
    received = Referral.objects.filter(case_link__case=case).order_by("received_at").values("received_at").first()
    return timezone.localdate(received["received_at"]) if received else None


@transaction.atomic
def record_contact(*, actor: User, case: Case, fields: dict, request=None) -> Contact:
    """A contact or an attempt. The first one that reaches the young person stops the
    first-contact clock. The caller has checked the actor may record on the case."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    locked = locked_open_case(case)
    check_contact(fields, earliest=earliest_contact_day(locked))
    reached = fields["outcome"] == ContactOutcome.ATTENDED and Present.YOUNG_PERSON in fields.get("present", [])
    contact = Contact.objects.create(case=locked, recorded_at=timezone.now(), recorded_by=actor, reached=reached,
                                     **fields)
    day = timezone.localdate(contact.occurred_at)
    if reached and (locked.first_contact_on is None or day < locked.first_contact_on):
        locked.first_contact_on = day
        locked.save(update_fields=["first_contact_on"])
    audit.record(action="cases.contact.recorded", actor=actor, subject=locked, request=request,
                 detail={"contact": str(contact.uuid), "restricted": contact.restricted})
    return contact
