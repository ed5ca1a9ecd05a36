"""Telling people about referrals: in Hubspoke, and by email. Emails carry a link only: no
name, no detail, nothing about a young person, because email leaves Hubspoke's protection.
In-app notifications hold no more than a reference (see hubspoke.notifications)."""

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from hubspoke.lib.links import absolute_url
from hubspoke.network import queries as network_queries
from hubspoke.notifications import actions as notification_actions
from hubspoke.notifications import registry as notification_registry

NEW_REFERRAL = "referrals.new"


def register_kinds() -> None:
    notification_registry.register_kind(
        NEW_REFERRAL,
        message="A new referral has arrived",
        url=lambda ref: reverse("referrals:detail", kwargs={"ref": ref}),
    )


def new_referral(*, referral, actor, request=None) -> None:
    """Notify the service's current managers in Hubspoke (except whoever made the referral),
    in the referral's transaction; email them all a link once it is saved."""
    managers = list(network_queries.managers_of([referral.service_id]))
    notification_actions.notify(
        recipients=[m.person for m in managers if m.person_id != actor.pk], kind=NEW_REFERRAL, subject=referral
    )
    link = absolute_url(reverse("referrals:detail", kwargs={"ref": referral.uuid}), request=request)
    recipients = [m.person.email for m in managers]

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
