import datetime as dt

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def judgements_wait_for_countersignature(apps, schema_editor):
    """Keep each judgement's place; a lower judgement still waiting for its countersignature
    stops standing (the computed level and its review interval stand until a manager signs);
    requests to countersign that someone has already answered stop asking anyone."""
    Assessment = apps.get_model("assessments", "Assessment")
    Notification = apps.get_model("notifications", "Notification")
    judged = Assessment.objects.filter(status="completed").exclude(judgement_level="").select_related("tool")
    for assessment in judged.iterator(chunk_size=500):
        levels = assessment.tool.definition["levels"]
        ids = [level["id"] for level in levels]
        if assessment.judgement_level not in ids:
            continue
        assessment.judgement_rank = ids.index(assessment.judgement_level)
        fields = ["judgement_rank"]
        waits = (assessment.needs_countersignature and assessment.countersigned_at is None
                 and assessment.computed_rank is not None and assessment.judgement_rank < assessment.computed_rank)
        if waits:
            computed = levels[assessment.computed_rank]
            assessment.level, assessment.level_label = computed["id"], computed["label"]
            assessment.level_rank = assessment.computed_rank
            assessment.next_review_on = assessment.assessed_on + dt.timedelta(weeks=computed["review_weeks"])
            fields += ["level", "level_label", "level_rank", "next_review_on"]
        assessment.save(update_fields=fields)
    signed = Assessment.objects.filter(Q(countersigned_at__isnull=False) | Q(needs_countersignature=False))
    Notification.objects.filter(
        kind="assessments.countersign", subject_kind="assessments.assessment", resolved_at__isnull=True,
        subject_ref__in=[str(ref) for ref in signed.values_list("uuid", flat=True)],
    ).update(resolved_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0003_constraints_plain_messages"),
        ("notifications", "0002_resolved"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="judgement_rank",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(judgements_wait_for_countersignature, migrations.RunPython.noop),
    ]
