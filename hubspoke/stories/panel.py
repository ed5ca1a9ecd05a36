"""The story section on the young person's page (``referrals.panels``): their stories (one per
case) with the latest version and whether it was given, and a link to write one on the open
case. Shown only to those who may see stories (the case's allocated workers and the service's
managers). A fixed number of queries."""

from django.urls import reverse

from hubspoke.cases import access as case_access
from hubspoke.network import scoping
from hubspoke.referrals import casework
from hubspoke.stories import queries


def young_person_panel(request, person) -> dict | None:
    user = request.user
    if not (scoping.can_manage_service(user, person.service_id) or casework.is_allocated(user, person)):
        return None
    stories = queries.stories_of_person(person)
    open_case = queries.open_case_of(person)
    rows = []
    for story in stories:
        versions = sorted(story.versions.all(), key=lambda v: v.number, reverse=True)
        rows.append({"story": story, "url": reverse("stories:story", kwargs={"ref": story.case.uuid}),
                     "latest": versions[0] if versions else None,
                     "given": next((v for v in versions if v.given_on), None),
                     "open": story.case.status == "open"})
    write_url = ""
    if open_case is not None and case_access.may_record(user, open_case) \
            and not any(r["story"].case_id == open_case.pk for r in rows):
        write_url = reverse("stories:story", kwargs={"ref": open_case.uuid})
    return {"name": person.known_as or person.first_name, "rows": rows, "write_url": write_url}
