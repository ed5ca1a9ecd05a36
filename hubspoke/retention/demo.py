"""Synthetic retention work for the demo, through the retention app's own actions, each by the
person who would do it and on the day it happened (the clock is moved there):

- three referrals to the first service (by name) that has a manager, recorded and declined by
  its manager a little over six years ago, with no record made: past their retention period,
  so due for review;
- a legal hold on one of them (a complaint about the decision is still open);
- a disposal of another: proposed by the manager, approved by the programme's administrator as
  the service's data protection lead, carried out, with its certificate.

Idempotent in the simplest way: once the demo has a legal hold or a certificate, nothing is
created."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Role, Service
from hubspoke.network.scoping import current_memberships_q
from hubspoke.referrals.actions import decline_referral, record_referral
from hubspoke.retention import actions
from hubspoke.retention.models import DisposalCertificate, LegalHold

FIRST = ("Ashleigh", "Brooke", "Callum", "Demi", "Ellis", "Frankie", "Harley", "Jade", "Kai", "Leah")
LAST = ("Ackroyd", "Birtwistle", "Clegg", "Dewhurst", "Entwistle", "Fairclough", "Greenhalgh", "Haworth")


def _details(rng: random.Random, *, born: dt.date) -> dict:
    return {
        "subject_first_name": rng.choice(FIRST), "subject_last_name": rng.choice(LAST), "subject_known_as": "",
        "subject_date_of_birth": born, "subject_estimated_age": None, "subject_gender": "girl",
        "subject_gender_self_described": "", "subject_local_authority": None, "pathway": "education",
        "referrer_name": "A. Teacher", "referrer_role": "Designated safeguarding lead", "referrer_phone": "",
        "referrer_email": "", "concerns": "Seen with older young people after school; the concerns were general.",
        "concern_tags": [], "other_agencies_involved": "", "urgency": "routine", "consent": "given",
        "lawful_basis": "", "consent_reason": "",
    }


def seed_retention(*, seed: int) -> dict[str, int]:
    if LegalHold.objects.exists() or DisposalCertificate.objects.exists():
        return {}
    managed = (Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER)
               .select_related("service", "person").order_by("service__name", "pk").first())
    if managed is None:
        return {}
    service: Service = managed.service
    manager = managed.person
    admin = (Membership.objects.filter(current_memberships_q(), role=Role.ADMINISTRATOR,
                                       programme_id=service.programme_id).select_related("person")
             .order_by("pk").first())
    rng = random.Random(f"{seed}:retention")  # noqa: S311 (synthetic demo data, not security)
    now = timezone.now().replace(hour=11, minute=0, second=0, microsecond=0)
    declined = []
    for n in range(3):
        received = now - dt.timedelta(days=6 * 366 + 40 + 9 * n)
        with at(received):
            referral = record_referral(
                actor=manager, service=service, submission_token=uuid.UUID(int=rng.getrandbits(128)),
                details=_details(rng, born=received.date() - dt.timedelta(days=14 * 365 + rng.randrange(300))),
                received_at=received)
        with at(received + dt.timedelta(days=2)):
            decline_referral(actor=manager, referral=referral, decline_reason="below_threshold",
                             reason_for_referrer="The concerns are below our threshold: the school's own "
                             "safeguarding support fits better. Please refer again if anything changes.")
        declined.append(referral)
    created = {"retention: declined referrals past their period": len(declined)}
    # Six years ago nobody held today's roles: forget the scope read then (the audit rows' actor).
    manager.__dict__.pop("_hubspoke_scope", None)
    with at(now - dt.timedelta(days=20)):
        actions.place_hold(actor=manager, referral=declined[0],
                           reason="A complaint about the decision is still being answered.")
    created["retention: legal holds"] = 1
    if admin is not None:
        with at(now - dt.timedelta(days=10)):
            actions.set_data_protection_lead(actor=admin.person, service=service, person=admin.person)
            disposal = actions.propose_disposal(actor=manager, referral=declined[2], reason="period_ended")
        with at(now - dt.timedelta(days=8)):
            actions.approve_disposal(actor=admin.person, disposal=disposal, reauthenticated=True)
        created["retention: certificates of disposal"] = 1
    return created
