"""Synthetic subject access requests for the demo, made through the rights app's own actions,
each by the person who would do it and on the day it happened (the clock is moved there), in
the first service (by name) that has cases:

- a **completed** request from a young person herself, received about eleven weeks ago: gathered
  and reviewed by the service's manager (one referrer's name redacted as third-party
  information), signed off by a deputy manager who covered for a few weeks, and downloaded by
  the manager, which recorded the disclosure to her;
- an **open** request from a parent, received 25 days ago and due within the week: it shows on
  the manager's home page.

Idempotent in the simplest way: if any request exists, nothing is created."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.cases.models import Case
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network.demo import DEMO_DOMAIN, SEEDER_EMAIL, at
from hubspoke.network.models import Membership, Role
from hubspoke.network.scoping import current_memberships_q
from hubspoke.rights import actions
from hubspoke.rights import bundle as bundles
from hubspoke.rights.models import Bundle, SubjectAccessRequest


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def seed_subject_access(*, seed: int) -> dict[str, int]:
    made = {"subject_access_requests": 0}
    if SubjectAccessRequest.objects.exists():
        return made
    managed = (Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER, service__is_active=True)
               .select_related("service", "person").order_by("service__name", "pk"))
    for membership in managed:
        cases = list(Case.objects.filter(service=membership.service).select_related("young_person")
                     .order_by("opened_at", "pk")[:2])
        if len(cases) == 2:
            break
    else:
        return made
    manager, service = membership.person, membership.service
    now = today()

    # The completed request.
    received = now - dt.timedelta(days=77)
    person = cases[0].young_person
    with at(_moment(received)):
        sar = actions.record_request(actor=manager, young_person=person, requester_kind="young_person",
                                     identity_checked="Known to her worker, who was with her when she asked.",
                                     received_on=received)
    with at(_moment(received + dt.timedelta(days=6))):
        sar = actions.start_review(actor=manager, sar=sar)
        referral = next((e for p in sar.snapshot for e in p["entries"] if e["kind"] == "referrals.referral"), None)
        if referral and any(f["key"] == "referrer_name" for f in referral["fields"]):
            actions.mark_redaction(actor=manager, sar=sar, entry_kind=referral["kind"], entry_ref=referral["ref"],
                                   field_key="referrer_name", exemption="third_party")
    seeder = User.objects.filter(email=SEEDER_EMAIL).first() or manager
    deputy = User.objects.create_user(f"deputy.manager.{service.pk}@{DEMO_DOMAIN}", None,
                                      full_name="Morgan Deputyexample")
    with at(_moment(received + dt.timedelta(days=10))):
        cover = network_actions.add_membership(actor=seeder, person=deputy, role=Role.SERVICE_MANAGER,
                                               place=service, starts_on=received + dt.timedelta(days=10))
    with at(_moment(received + dt.timedelta(days=12))):
        sar = actions.sign_off(actor=deputy, sar=sar)
        waiting = Bundle.objects.get(request=sar, downloaded_at=None)
        bundles.make(str(waiting.uuid))
    with at(_moment(received + dt.timedelta(days=14))):
        actions.download_bundle(actor=manager, bundle=waiting)
    with at(_moment(received + dt.timedelta(days=30))):
        network_actions.end_membership(actor=seeder, membership=cover, reason="Cover ended.",
                                       ends_on=received + dt.timedelta(days=30))

    # The open request, due within the week.
    received = now - dt.timedelta(days=25)
    with at(_moment(received)):
        actions.record_request(actor=manager, young_person=cases[1].young_person, requester_kind="parent",
                               requester_name="Jamie Parentexample",
                               identity_checked="Driving licence seen at the office.",
                               authority_checked="Birth certificate names them; the young person was asked "
                                                 "and agrees.", received_on=received)
    made["subject_access_requests"] = 2
    return made
