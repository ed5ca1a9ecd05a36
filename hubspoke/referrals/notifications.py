"""Telling people about referrals. Emails carry a link only: no name, no detail, nothing about
a young person, because email leaves Hubspoke's protection."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from hubspoke.network import queries as network_queries


def new_referral(*, referral) -> None:
    """Email the service's managers, once the referral is saved."""
    link = settings.HUBSPOKE_BASE_URL.rstrip("/") + reverse("referrals:detail", kwargs={"ref": referral.uuid})
    recipients = [m.person.email for m in network_queries.managers_of([referral.service_id])]

    def send():
        if recipients:
            send_mail(
                subject="Hubspoke: a new referral",
                message=(
                    "A new referral has arrived for your service.\n\n"
                    f"Open it in Hubspoke (you will be asked to sign in):\n{link}\n\n"
                    "For safety this email does not say who it is about."
                ),
                from_email=None,
                recipient_list=recipients,
            )

    transaction.on_commit(send)
