"""Referrals get a short reference to quote; a self-described gender is kept with the referral;
"refused" consent, like "not sought", needs a lawful basis and a reason.

Referrals recorded as "refused" before that rule keep what they had and say plainly what was
not recorded, rather than being given a basis nobody chose."""

import secrets

from django.db import migrations, models
from django.db.models import Case, F, Q, Value, When

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
        ("referrals", "0003_decline_no_capacity"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="reference",
            field=models.CharField(editable=False, max_length=9, null=True),
        ),
        migrations.AddField(
            model_name="referral",
            name="subject_gender_self_described",
            field=models.CharField(blank=True, max_length=100, verbose_name="how they describe their gender"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="lawful_basis",
            field=models.CharField(blank=True, choices=[
                ("safeguarding", "Safeguarding a child at risk of significant harm"),
                ("crime_prevention", "Prevention or detection of crime"),
                ("public_task", "Statutory duty or public task"),
                ("vital_interests", "Protecting someone's life"),
                ("not_recorded", "Not recorded when the referral was made"),
            ], max_length=20),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="referral",
            name="reference",
            field=models.CharField(editable=False, max_length=9, unique=True),
        ),
        migrations.RemoveConstraint(
            model_name="referral",
            name="referrals_not_sought_needs_basis_and_reason",
        ),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.CheckConstraint(
                condition=~Q(consent__in=["not_sought", "refused"]) | (~Q(lawful_basis="") & ~Q(consent_reason="")),
                name="referrals_not_sought_needs_basis_and_reason",
            ),
        ),
    ]
