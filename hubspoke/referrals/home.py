"""The referrals waiting at the top of a staff member's home page (hubspoke.home)."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.referrals.models import ReferralStatus
from hubspoke.referrals.queries import inbox_counts


def items(user, scope) -> list[Item]:
    if not scope.member_service_ids:
        return []
    counts = inbox_counts(user)
    inbox = reverse("referrals:inbox")
    return [
        Item("New referrals", counts.get(ReferralStatus.RECEIVED, 0), inbox),
        Item("Referrals awaiting information", counts.get(ReferralStatus.AWAITING_INFORMATION, 0),
             f"{inbox}?status={ReferralStatus.AWAITING_INFORMATION}"),
    ]
