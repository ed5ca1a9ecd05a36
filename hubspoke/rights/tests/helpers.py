import datetime as dt

from hubspoke.lib.dates import today
from hubspoke.rights import actions


def full_record(world):
    """Case A's young person with one of every kind of record."""
    for make in ("contact_a", "missing_a", "goal_a", "transfer_a", "assessment_a", "disclosure_a", "consent_a",
                 "request_a", "story_version_a"):
        getattr(world, make)()
    return world.case_a().young_person


def record(world, person=None, **overrides):
    fields = {"requester_kind": "parent", "requester_name": "Pat Parentexample",
              "identity_checked": "Passport seen in person.", "authority_checked": "Birth certificate names her.",
              "received_on": today() - dt.timedelta(days=3)}
    fields.update(overrides)
    return actions.record_request(actor=world.manager_a, young_person=person or world.case_a().young_person,
                                  **fields)
