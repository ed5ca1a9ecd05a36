"""Telling people about referrals: in Hubspoke, and by email. Emails carry a link only: no
name, no detail, nothing about a young person, because email leaves Hubspoke's protection.
In-app notifications hold no more than a reference (see hubspoke.notifications).

- A new referral: the service's managers.
- The referrer's answer to a question asked in Hubspoke: the service's managers.
- A question asked of the referring agency in Hubspoke, and the service's decision (accepted,
  declined, closed): the agency's partners, who see the referral's status and the question.

Each is resolved when what it asked for has been done: a new referral or an answer once someone
has decided, a question once it is answered."""

from django.urls import reverse

from hubspoke.lib.links import absolute_url
from hubspoke.network import queries as network_queries
from hubspoke.notifications import actions as notification_actions
from hubspoke.notifications import registry as notification_registry
from hubspoke.outbox import actions as outbox
from hubspoke.referrals.models import DecisionKind

NEW_REFERRAL = "referrals.new"
ANSWERED = "referrals.information_provided"
QUESTION = "referrals.question"
DECIDED = "referrals.decided"
# What the referring agency is told of, by email too.
_TOLD_TO_REFERRER = (DecisionKind.ACCEPTED, DecisionKind.DECLINED, DecisionKind.CLOSED)


def register_kinds() -> None:
    staff_page = lambda ref: reverse("referrals:detail", kwargs={"ref": ref})  # noqa: E731
    partner_page = lambda ref: reverse("referrals:sent_detail", kwargs={"ref": ref})  # noqa: E731
    notification_registry.register_kind(NEW_REFERRAL, message="A new referral has arrived", group="New referrals",
                                        url=staff_page)
    notification_registry.register_kind(ANSWERED, message="The referrer has answered your question",
                                        group="Answers from referrers", url=staff_page)
    notification_registry.register_kind(QUESTION, message="A service has asked you about a referral",
                                        group="Questions about your referrals", url=partner_page)
    notification_registry.register_kind(DECIDED, message="A service has decided on a referral you made",
                                        group="Decisions on your referrals", url=partner_page)


def _email(*, key: str, recipients: list[str], subject: str, opening: str, path: str, request=None) -> None:
    """One email through the outbox, sent once the caller's transaction commits."""
    link = absolute_url(path, request=request)
    outbox.enqueue_email(
        key=key, to=recipients, subject=subject,
        body=(f"{opening}\n\nOpen it in Hubspoke (you will be asked to sign in):\n{link}\n\n"
              "For safety this email does not say who it is about."),
    )


def referral_decided(*, referral, decision, request=None) -> None:
    """A step in the referral's history: resolve what it settles, and tell the referring agency
    what it needs to know."""
    if decision.kind == DecisionKind.INFORMATION_PROVIDED:
        notification_actions.resolve(kinds=[QUESTION], subject=referral)
        return
    # Someone has decided (or asked, or closed): nobody else need open it as new or answered.
    notification_actions.resolve(kinds=[NEW_REFERRAL, ANSWERED], subject=referral)
    asked = decision.kind == DecisionKind.INFORMATION_REQUESTED and decision.asked_in_hubspoke
    if referral.referring_agency_id is None or not (asked or decision.kind in _TOLD_TO_REFERRER):
        return
    if decision.kind in _TOLD_TO_REFERRER:
        notification_actions.resolve(kinds=[QUESTION], subject=referral)
    partners = [m.person for m in network_queries.partners_of([referral.referring_agency_id])]
    notification_actions.notify(recipients=partners, kind=QUESTION if asked else DECIDED, subject=referral)
    _email(
        key=f"{QUESTION if asked else DECIDED}:{decision.uuid}", recipients=[p.email for p in partners],
        subject="Hubspoke: a question about your referral" if asked else "Hubspoke: a decision on your referral",
        opening=("A service has asked a question about a referral your agency made, and you can answer it in "
                 "Hubspoke." if asked else "A service has made a decision on a referral your agency made."),
        path=reverse("referrals:sent_detail", kwargs={"ref": referral.uuid}), request=request,
    )


def information_provided(*, referral, actor, decision, request=None) -> None:
    """The referrer has answered (``decision``, the answer): the service's managers are told, in
    Hubspoke and by email."""
    managers = list(network_queries.managers_of([referral.service_id]))
    notification_actions.notify(recipients=[m.person for m in managers], kind=ANSWERED, subject=referral)
    _email(
        key=f"{ANSWERED}:{decision.uuid}", recipients=[m.person.email for m in managers],
        subject="Hubspoke: a referrer has answered",
        opening="The referrer has answered the question your service asked about a referral.",
        path=reverse("referrals:detail", kwargs={"ref": referral.uuid}), request=request,
    )


def new_referral(*, referral, actor, request=None) -> None:
    """Notify the service's current managers in Hubspoke (except whoever made the referral),
    in the referral's transaction; email them all a link once it is saved."""
    managers = list(network_queries.managers_of([referral.service_id]))
    notification_actions.notify(
        recipients=[m.person for m in managers if m.person_id != actor.pk], kind=NEW_REFERRAL, subject=referral
    )
    _email(
        key=f"{NEW_REFERRAL}:{referral.uuid}", recipients=[m.person.email for m in managers],
        subject="Hubspoke: a new referral",
        opening="A new referral has arrived for your service.",
        path=reverse("referrals:detail", kwargs={"ref": referral.uuid}), request=request,
    )
