"""Everything the sharing app holds about one young person, for a subject access request:
consent records (with the agencies each covers), disclosures (what was shared, with whom and
why), decisions not to share, and partners' requests about them. Five queries."""

from __future__ import annotations

from hubspoke.lib.dates import format_date
from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.referrals.models import YoungPerson
from hubspoke.referrals.personal_data import entry_fields
from hubspoke.sharing.categories import labels
from hubspoke.sharing.models import ConsentRecord, DecisionNotToShare, Disclosure, InformationRequest

CATEGORY_LISTS = ("categories",)


def _with_categories(obj, fields: tuple[Field, ...]) -> tuple[Field, ...]:
    # Category codes read as their labels.
    return tuple(Field(f.key, f.label, ", ".join(labels(obj.categories))) if f.key in CATEGORY_LISTS else f
                 for f in fields)


def gather(young_person: YoungPerson) -> list[Part]:
    consents = list(ConsentRecord.objects.filter(young_person_id=young_person.pk)
                    .select_related("created_by").prefetch_related("agencies").order_by("given_on", "pk"))
    disclosures = list(Disclosure.objects.filter(young_person_id=young_person.pk)
                       .select_related("to_agency", "to_service", "decided_by").order_by("shared_on", "pk"))
    refusals = list(DecisionNotToShare.objects.filter(young_person_id=young_person.pk)
                    .select_related("asked_by_agency", "decided_by").order_by("decided_on", "pk"))
    asked = list(InformationRequest.objects.filter(young_person_id=young_person.pk)
                 .select_related("agency").order_by("requested_at", "pk"))
    entries = []
    for record in consents:
        agencies = ", ".join(sorted(a.name for a in record.agencies.all()))
        entries.append(Entry(kind="sharing.consentrecord", ref=str(record.uuid),
                             title=f"Consent: {record.get_decision_display()} on {format_date(record.given_on)}",
                             when=record.given_on,
                             fields=_with_categories(record, entry_fields(record, skip={"young_person", "referral"}))
                             + ((Field("agencies", "Agencies", agencies),) if agencies else ())))
    for disclosure in disclosures:
        to = disclosure.to_agency or disclosure.to_service or disclosure.get_to_subject_display()
        entries.append(Entry(kind="sharing.disclosure", ref=str(disclosure.uuid),
                             title=f"Information shared with {to} on {format_date(disclosure.shared_on)}",
                             when=disclosure.shared_on,
                             fields=_with_categories(disclosure, entry_fields(disclosure, skip={
                                 "young_person", "service", "consent", "agreement_version", "information_request"}))))
    for decision in refusals:
        entries.append(Entry(kind="sharing.decisionnottoshare", ref=str(decision.uuid),
                             title=f"Decided not to share, {format_date(decision.decided_on)}",
                             when=decision.decided_on,
                             fields=_with_categories(decision, entry_fields(decision, skip={
                                 "young_person", "service", "information_request"}))))
    for request in asked:
        entries.append(Entry(kind="sharing.informationrequest", ref=str(request.uuid),
                             title=f"{request.agency} asked for information",
                             when=request.requested_at,
                             fields=_with_categories(request, entry_fields(request, skip={
                                 "young_person", "service", "requested_by", "answered_by"}))))
    return [Part(key="sharing", title="Consent and information sharing", entries=tuple(entries))]
