"""Monitoring work at the top of a manager's home page (hubspoke.home)."""

from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item
from hubspoke.monitoring import queries
from hubspoke.monitoring.models import SurveyResponse
from hubspoke.monitoring.rules import may_change


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    # Drafts as the returns page lists them, including those whose row is not made yet.
    drafts = [r for r in queries.returns_of(queries.managed_services(scope.managed_service_ids)) if may_change(r)]
    on = today()
    surveys = SurveyResponse.objects.filter(service_id__in=scope.managed_service_ids, confirmed_at__isnull=True).count()
    url = reverse("monitoring:returns")
    return [
        Item("Monitoring returns overdue", sum(1 for r in drafts if r.due_on < on), url, urgent=True),
        Item("Monitoring returns to submit", sum(1 for r in drafts if r.due_on >= on), url),
        Item("Snapshot surveys of posts to confirm", surveys, url),
    ]
