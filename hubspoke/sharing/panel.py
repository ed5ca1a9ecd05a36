"""The sharing panel on the young person's page (``referrals.panels``): the consent that
stands now in one sentence, always beside the reminder that consent is not the only lawful
route, and the latest disclosures and decisions not to share. A fixed number of queries
however long the record."""

from django.urls import NoReverseMatch, reverse

from hubspoke.lib.dates import today
from hubspoke.sharing import access, queries, rules

SHOWN = 5


def _url(name: str, person) -> str:
    """A link to a page of the door's, or "" where that page is not there to link to."""
    try:
        return reverse(name, kwargs={"ref": person.uuid})
    except NoReverseMatch:
        return ""


def young_person_panel(request, person) -> dict:
    records = queries.consent_records_of(person)
    disclosures = list(queries.disclosures_of(request.user, person)[: SHOWN + 1])
    decisions = list(queries.decisions_of(request.user, person)[: SHOWN + 1])
    on = today()
    current = [r for r in records if r.given_on <= on]
    latest = current[0] if current else None
    may_share = access.may_share(request.user, person)
    return {
        "person": person,
        "name": person.known_as or person.first_name,
        "consent_sentence": rules.consent_sentence(records, name=person.known_as or person.first_name, on=on),
        "latest": latest,
        "revisit_due": rules.revisit_due(latest, on),
        # Older decisions still standing for other agencies or kinds of information.
        "earlier_still_decide": len(rules.still_deciding(records, on)) > 1,
        "consent_count": len(records),
        "disclosures": disclosures[:SHOWN],
        "more_disclosures": len(disclosures) > SHOWN,
        "decisions": decisions[:SHOWN],
        "more_decisions": len(decisions) > SHOWN,
        "may_share": may_share,
        "consent_url": reverse("sharing:consent", kwargs={"ref": person.uuid}),
        "consent_new_url": reverse("sharing:consent_new", kwargs={"ref": person.uuid}) if may_share else "",
        "share_url": _url("sharing:share", person) if may_share else "",
        "not_shared_url": _url("sharing:not_shared_new", person) if may_share else "",
        "sharing_url": _url("sharing:young_person_sharing", person),
    }
