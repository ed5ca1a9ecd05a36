"""Every referral has its own reference; refused consent, like consent not sought, needs a lawful
basis and a reason."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0008_fill_references_and_older_refused_consent"),
    ]

    operations = [
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
                violation_error_message="Select the lawful basis and enter why you are referring without consent",
            ),
        ),
    ]
