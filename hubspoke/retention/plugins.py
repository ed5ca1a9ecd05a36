"""What the retention app gives the apps below it at start-up: its section on the young
person's page (for the service's managers: the review date, the retention basis and any legal
hold, two queries)."""

from django.urls import reverse

from hubspoke.network import scoping


def register():
    from hubspoke.referrals import panels

    panels.register("retention", template="retention/_young_person_panel.html", context=young_person_panel)


def young_person_panel(request, person) -> dict | None:
    from hubspoke.retention import queries

    if not scoping.can_manage_service(request.user, person.service_id):
        return None
    return {"state": queries.state_of_person(person),
            "url": reverse("retention:record", kwargs={"ref": person.uuid})}
