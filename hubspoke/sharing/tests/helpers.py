"""What the sharing app's page tests share: a partner of the other agency, young people
accepted at North Hub, and disclosures made through the real actions."""

from __future__ import annotations

import uuid

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.test import Client

from hubspoke.conftest import START, make_person, referral_details
from hubspoke.network.actions import add_membership
from hubspoke.network.models import Role
from hubspoke.referrals.actions import accept_referral, submit_partner_referral
from hubspoke.sharing.actions import record_decision_not_to_share, record_disclosure


def partner_of_csc_b(world) -> Client:
    """A partner of Southshire Children's Services, signed in: another agency's partner."""
    if "partner_b" not in world.made:
        person = make_person("partner_b", totp_secret=generate_totp_secret())
        add_membership(actor=world.admin, person=person, role=Role.PARTNER, place=world.csc_b, starts_on=START)
        world.made["partner_b"] = person
    client = Client()
    client.force_login(world.made["partner_b"])
    return client


def accepted_young_person(world, first_name: str, last_name: str = "Shared"):
    """A young person of North Hub (held at the hub), from a police referral accepted by its manager."""
    referral = submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                       submission_token=uuid.uuid4(),
                                       details=referral_details(subject_first_name=first_name,
                                                                subject_last_name=last_name))
    accept_referral(actor=world.manager_a, referral=referral)
    referral.refresh_from_db()
    return referral.young_person


def share_with_police(world, person, *, summary: str = "Risk is high.", **kwargs):
    """Risk level shared with Northshire Police under North Hub's agreement, by its manager."""
    return record_disclosure(actor=world.manager_a, young_person=person, to_agency=world.police_a,
                             recipient_name="DC Example", recipient_role="CSE team", categories=["risk"],
                             summary=summary, route="agreement", agreement=world.agreement_a().current,
                             reason="For the police's exploitation meeting.", **kwargs)


def share_with_csc_b(world, person, *, summary: str = "Southshire were told this."):
    """A one-off safeguarding share with Southshire Children's Services, by North Hub's manager."""
    return record_disclosure(actor=world.manager_a, young_person=person, to_agency=world.csc_b,
                             recipient_name="SW Example", categories=["risk"], summary=summary,
                             route="safeguarding", article6="vital_interests", article9="safeguarding",
                             reason="She is staying in Southshire this week and is at immediate risk of harm there.",
                             reauthenticated=True)


def decide_not_to_share(world, person=None, *, request=None, reason="She asked us not to, and nothing shows a risk."):
    return record_decision_not_to_share(actor=world.manager_a, service=world.service_a,
                                        what_was_asked="Her school attendance.", reason=reason, categories=["plan"],
                                        young_person=person, asked_by_agency=world.police_a,
                                        information_request=request, told_to_agency="We cannot share this.")
