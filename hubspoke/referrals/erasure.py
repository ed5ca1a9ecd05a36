"""Erasing what the referrals app holds about one young person, for a disposal decided in the
retention app: every referral linked to the record with its decisions (the referrer's words,
the rationale, what the referrer was told), the record's other names and contact details, and
the record itself. ``erase_referral`` does the same for a referral that never became a record
(declined, or closed without a decision). Neither writes an audit row (the disposal writes
one); both run in the caller's transaction, after the apps above have erased what points here.

Another service's copy of the record (made when it accepted a transfer) is that service's own
record, with its own retention: it is not touched."""

from __future__ import annotations

from hubspoke.referrals.models import Referral, ReferralDecision, YoungPerson, YoungPersonContact, YoungPersonName


def erase(young_person: YoungPerson) -> dict[str, int]:
    referrals = Referral.objects.filter(young_person=young_person)
    counts = {
        "referral decisions": ReferralDecision.objects.filter(referral__in=referrals).delete()[0],
        "referrals": referrals.delete()[0],
        "names and aliases": YoungPersonName.objects.filter(young_person=young_person).delete()[0],
        "contact details": YoungPersonContact.objects.filter(young_person=young_person).delete()[0],
        "young person's records": YoungPerson.objects.filter(pk=young_person.pk).delete()[0],
    }
    return {label: count for label, count in counts.items() if count}


def erase_referral(referral: Referral) -> dict[str, int]:
    if referral.young_person_id is not None:
        raise ValueError("A referral linked to a young person's record is erased with the record.")
    counts = {
        "referral decisions": ReferralDecision.objects.filter(referral=referral).delete()[0],
        "referrals": Referral.objects.filter(pk=referral.pk).delete()[0],
    }
    return {label: count for label, count in counts.items() if count}
