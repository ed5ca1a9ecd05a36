"""Referrals get a short reference to quote (filled in for existing referrals by 0008, made unique
by 0009) and keep a self-described gender's words; a lawful basis can say it was not recorded,
for referrals recorded as "refused" before a basis was asked for."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0006_referrer_answers_in_hubspoke"),
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
    ]
