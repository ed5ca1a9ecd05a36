"""What a partner sees of what was shared with their agency: the young people whose
information was disclosed to it, and for each one the dated disclosures to the agency and the
status of the referrals it made about them. Nothing else about a young person exists for a
partner; every look at one is audited by the access getter."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.referrals.queries import PARTNER_STATUS
from hubspoke.sharing import access, queries
from hubspoke.sharing.categories import labels

PAGE_SIZE = 50


@require_GET
def partner_home(request):
    access.require_partner(request)
    page = Paginator(queries.shared_people_of_partner(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/partner_home.html", {"page": page})


@require_GET
def partner_person(request, ref):
    person = access.get_shared_person_for_partner(request, ref)  # marks the look: audited
    disclosures = queries.disclosures_to_partner(request.user, person)
    referrals = queries.partner_referrals_about(request.user, person)
    return render(request, "sharing/partner_person.html", {
        "person": person,
        # The name the agency was last given, never the record's name as it is now.
        "name": disclosures[0].disclosed_name if disclosures else "",
        "disclosures": [(d, labels(d.categories)) for d in disclosures],
        "referrals": [(r, PARTNER_STATUS[r.status]) for r in referrals],
    })
