"""The sharing panel on the young person's page (``referrals.panels``): the consent that
stands now in one sentence, and the latest disclosures and decisions not to share. A fixed
number of queries however long the record."""

from hubspoke.lib.dates import today
from hubspoke.sharing import access, queries, rules

SHOWN = 5


def young_person_panel(request, person) -> dict:
    records = queries.consent_records_of(person)
    disclosures = list(queries.disclosures_of(request.user, person)[: SHOWN + 1])
    decisions = list(queries.decisions_of(request.user, person)[: SHOWN + 1])
    return {
        "person": person,
        "consent_sentence": rules.consent_sentence(records, name=str(person), on=today()),
        "consent_records": records[:SHOWN],
        "disclosures": disclosures[:SHOWN],
        "more_disclosures": len(disclosures) > SHOWN,
        "decisions": decisions[:SHOWN],
        "more_decisions": len(decisions) > SHOWN,
        "may_share": access.may_share(request.user, person),
    }
