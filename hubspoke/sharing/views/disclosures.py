"""The door: a disclosure's own page (staff in scope of the young person, or a partner of the
agency it was made to; each look audited by the getter)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.network import scoping
from hubspoke.sharing import access
from hubspoke.sharing.categories import labels


@require_GET
def disclosure(request, ref):
    found = access.get_disclosure_for(request, ref)
    staff = found.service_id in scoping.scope_for(request.user).member_service_ids
    return render(request, "sharing/disclosure.html", {
        "disclosure": found, "staff": staff, "category_labels": labels(found.categories),
    })
