"""Referrals accepted before consent records existed: each one's consent becomes a record on
its young person, as ``actions.consent_from_referral`` makes for a referral accepted now."""

from django.db import migrations
from django.utils import timezone

DECISIONS = {"given": "given", "refused": "refused"}


def _note(referral):
    # As actions._referral_consent_note: the basis for referring without consent, and why.
    if not referral.lawful_basis:
        return referral.consent_reason
    basis = f"Referred without consent on the basis of: {referral.get_lawful_basis_display().lower()}."
    return f"{basis}\n{referral.consent_reason}".strip()


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    ReferralDecision = apps.get_model("referrals", "ReferralDecision")
    ConsentRecord = apps.get_model("sharing", "ConsentRecord")
    accepted = (ReferralDecision.objects.filter(kind="accepted").order_by("referral_id", "decided_at")
                .values_list("referral_id", "decided_by_id"))
    deciders = {}
    for referral_id, decided_by_id in accepted:
        deciders.setdefault(referral_id, decided_by_id)
    done = set(ConsentRecord.objects.filter(referral__isnull=False).values_list("referral_id", flat=True))
    now = timezone.now()
    for referral in Referral.objects.filter(young_person__isnull=False, pk__in=list(deciders)).iterator():
        if referral.pk in done:
            continue
        record = ConsentRecord.objects.create(
            young_person_id=referral.young_person_id, decision=DECISIONS.get(referral.consent, "not_sought"),
            given_by="referrer", categories=["referral"], method="referral",
            given_on=timezone.localdate(referral.received_at), referral_id=referral.pk,
            notes=_note(referral), created_at=now, created_by_id=deciders[referral.pk],
        )
        if referral.referring_agency_id:
            record.agencies.add(referral.referring_agency_id)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
