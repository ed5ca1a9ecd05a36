"""What the rights app gives the apps below it at start-up: its section on the young person's
page (for the service's managers only)."""

from django.urls import reverse


def register():
    from hubspoke.referrals import panels

    panels.register("rights", template="rights/_young_person_panel.html", context=young_person_panel)


def young_person_panel(request, person) -> dict | None:
    """The young person's subject access requests, for the service's managers: one query."""
    from hubspoke.network import scoping
    from hubspoke.rights.models import SubjectAccessRequest

    if not scoping.can_manage_service(request.user, person.service_id):
        return None
    requests = list(SubjectAccessRequest.objects.filter(young_person_id=person.pk).order_by("-received_on", "-pk")[:5])
    return {"requests": requests, "new_url": reverse("rights:new", kwargs={"ref": person.uuid})}
