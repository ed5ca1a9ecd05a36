"""Everything the referrals app holds about one young person, for a subject access request:
their record (names, other names, contact details) and every referral linked to them, with what
the referrer said and the decisions taken on it. Four queries however much there is.

``entry_fields`` is shared with the apps above this one: every stored field of a row, in the
model's order, as plain text, so that a field added to a model is in the next bundle without
anyone remembering to add it."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from hubspoke.lib.dates import format_date
from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.referrals.models import Referral, ReferralDecision, YoungPerson, YoungPersonContact, YoungPersonName

# Internal keys and matching columns: not information about the young person.
NEVER = frozenset({"id", "uuid", "submission_token", "normalised", "sound"})


def text_of(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_date(local.date())} {local:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {text_of(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(text_of(item) for item in value)
    return str(value)


def entry_fields(obj, *, skip=(), labels: dict[str, str] | None = None) -> tuple[Field, ...]:
    """Every concrete field of ``obj`` with something in it, as a Field keyed by the field's name.
    A foreign key is written only when the caller loaded it (``select_related``), so this never
    runs a query of its own."""
    fields = []
    skip = NEVER | set(skip)
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in skip:
            continue
        if isinstance(model_field, models.ForeignKey):
            if not model_field.is_cached(obj):
                continue
            related = getattr(obj, name)
            text = "" if related is None else getattr(related, "full_name", "") or str(related)
        elif model_field.choices and not isinstance(model_field, models.JSONField):
            text = getattr(obj, f"get_{name}_display")()
        else:
            text = text_of(getattr(obj, name))
        if text:
            label = (labels or {}).get(name) or str(model_field.verbose_name).capitalize()
            fields.append(Field(key=name, label=label, text=text))
    return tuple(fields)


def gather(young_person: YoungPerson) -> list[Part]:
    person = (YoungPerson.objects.select_related("service", "spoke", "local_authority")
              .get(pk=young_person.pk))
    names = list(YoungPersonName.objects.filter(young_person=person).order_by("pk"))
    contact = YoungPersonContact.objects.filter(young_person=person).first()
    referrals = list(Referral.objects.filter(young_person=person)
                     .select_related("service", "spoke", "referring_agency", "subject_local_authority")
                     .order_by("received_at", "pk"))
    decisions = list(ReferralDecision.objects.filter(referral__young_person=person)
                     .select_related("decided_by").order_by("decided_at", "pk"))

    record = entry_fields(person, skip={"created_by"})
    other_names = tuple(Field(key=f"name:{n.pk}", label="Other name (alias)" if n.is_alias else "Other name",
                              text=n.name) for n in names)
    entries = [Entry(kind="referrals.youngperson", ref=str(person.uuid), title="Your record",
                     when=person.created_at, fields=record + other_names)]
    if contact is not None:
        entries.append(Entry(kind="referrals.youngpersoncontact", ref=str(person.uuid),
                             title="Contact details (restricted)", when=None,
                             fields=(Field("restriction", "Restriction",
                                           "Restricted: seen only by your workers and the service's managers"),)
                             + entry_fields(contact, skip={"young_person"})))
    by_referral: dict[int, list[ReferralDecision]] = {}
    for decision in decisions:
        by_referral.setdefault(decision.referral_id, []).append(decision)
    for referral in referrals:
        entries.append(Entry(kind="referrals.referral", ref=str(referral.uuid),
                             title=f"Referral received {format_date(timezone.localtime(referral.received_at).date())}",
                             when=referral.received_at, fields=entry_fields(referral, skip={"young_person",
                                                                                            "created_by"})))
        for decision in by_referral.get(referral.pk, ()):
            entries.append(Entry(kind="referrals.referraldecision", ref=str(decision.uuid),
                                 title=f"Decision on the referral: {decision.get_kind_display()}",
                                 when=decision.decided_at, fields=entry_fields(decision, skip={"referral"})))
    return [Part(key="referrals", title="Your record and referrals", entries=tuple(entries))]
