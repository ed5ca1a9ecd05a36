"""The three sizes of synthetic programme. Service 1 has the same shape at every tier (three
spokes, two hub workers, the same caseloads, inbox and waiting list), so that its pages can be
compared across tiers: only the amount of everything else around it grows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    local_authorities: int
    services: int
    spokes_per_service: int
    hub_workers: int
    young_people: int
    contacts_per_case: int  # on average
    audit_rows: int
    partners_per_agency: int = 1


TIERS = {
    "demo": Tier("demo", local_authorities=12, services=8, spokes_per_service=2, hub_workers=1,
                 young_people=1_500, contacts_per_case=25, audit_rows=150_000),
    "regional": Tier("regional", local_authorities=24, services=30, spokes_per_service=3, hub_workers=2,
                     young_people=20_000, contacts_per_case=25, audit_rows=2_000_000),
    "national": Tier("national", local_authorities=150, services=200, spokes_per_service=3, hub_workers=2,
                     young_people=200_000, contacts_per_case=25, audit_rows=20_000_000, partners_per_agency=2),
}

# Service 1, whose pages are timed, at every tier.
TIMED_SPOKES = 3
TIMED_HUB_WORKERS = 2
TIMED_INBOX_PER_PLACE = 75  # new referrals waiting for a decision, per hub or spoke
TIMED_AWAITING_PER_PLACE = 10
TIMED_WAITING_PER_PLACE = 20  # accepted, not yet allocated
TIMED_CASE_CONTACTS = 400  # the case file with hundreds of contacts
TIMED_CASE_VIEWS = 3_000  # audit rows about that case ("who has seen this record")
CASELOAD = 20  # open cases per worker in service 1 (others vary 15-25)
