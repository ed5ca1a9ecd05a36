"""Existing referrals get their reference; referrals recorded as "refused" before a lawful basis
and a reason were needed keep what they had and say plainly what was not recorded, rather than
being given a basis nobody chose. (Its own migration, so that on PostgreSQL the rows are
written in a transaction of their own before 0009 alters the table.)"""

import secrets

from django.db import migrations, models
from django.db.models import Case, F, Value, When

# As in referrals.actions.new_reference: no vowels (no words), nothing that reads as another
# character (0/O, 1/I/L).
ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"
NOT_RECORDED_REASON = "Not recorded when the referral was made."


def _reference(taken: set) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        reference = f"{code[:4]}-{code[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    taken = set()
    for pk in Referral.objects.filter(reference__isnull=True).values_list("pk", flat=True).iterator():
        Referral.objects.filter(pk=pk).update(reference=_reference(taken))
    # Each row in one statement, whole: never half-mended, whichever constraint stands.
    refused = Referral.objects.filter(consent="refused")
    refused.filter(lawful_basis="").update(lawful_basis="not_recorded", consent_reason=Case(
        When(consent_reason="", then=Value(NOT_RECORDED_REASON)), default=F("consent_reason"),
        output_field=models.TextField(),
    ))
    refused.filter(consent_reason="").update(consent_reason=NOT_RECORDED_REASON)


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0007_referral_reference_self_described_gender"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
