"""Erasing what the sharing app holds about one young person, for a disposal decided in the
retention app: the disclosures made about them (the record of what went out, and the extract
written for it), their consent records, decisions not to share about them, and partners'
requests for information about them. Writes no audit row (the disposal writes one); runs in
the caller's transaction.

What was disclosed is now the recipient's to keep or dispose of: erasing the service's record
of the disclosure does not reach the copy an agency holds. Agreements are the service's, not
the young person's, and stay."""

from __future__ import annotations

from django.db.models import Q

from hubspoke.referrals.models import YoungPerson
from hubspoke.sharing.models import ConsentRecord, DecisionNotToShare, Disclosure, InformationRequest


def erase(young_person: YoungPerson) -> dict[str, int]:
    requests = InformationRequest.objects.filter(young_person=young_person)
    counts = {
        "disclosures": Disclosure.objects.filter(
            Q(young_person=young_person) | Q(information_request__in=requests)).delete()[0],
        "decisions not to share": DecisionNotToShare.objects.filter(
            Q(young_person=young_person) | Q(information_request__in=requests)).delete()[0],
        "requests for information": requests.delete()[0],
    }
    # A consent record's agencies go with it (the many-to-many rows): count the records only.
    _, by_model = ConsentRecord.objects.filter(
        Q(young_person=young_person) | Q(referral__young_person=young_person)).delete()
    counts["consent records"] = by_model.get(ConsentRecord._meta.label, 0)
    return {label: count for label, count in counts.items() if count}
