"""Monitoring work at the top of a manager's home page (hubspoke.home)."""

from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item
from hubspoke.monitoring.models import MonitoringReturn, ReturnStatus, SurveyResponse


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    drafts = MonitoringReturn.objects.filter(service_id__in=scope.managed_service_ids, status=ReturnStatus.DRAFT)
    overdue = drafts.filter(due_on__lt=today()).count()
    surveys = SurveyResponse.objects.filter(service_id__in=scope.managed_service_ids, confirmed_at__isnull=True).count()
    url = reverse("monitoring:returns")
    return [
        Item("Monitoring returns overdue", overdue, url, urgent=True),
        Item("Monitoring returns to submit", drafts.filter(due_on__gte=today()).count(), url),
        Item("Snapshot surveys of posts to confirm", surveys, url),
    ]
