"""A synthetic demonstration programme: ``manage.py seed_demo`` builds it.

Everything here is invented. The services and organisations are named after the kind of
projects that took part in the national Hub and Spoke programme, so the demo reads
realistically, but every person is a generated, clearly synthetic name with an email at the
reserved ``.invalid`` domain, and nothing here describes a real worker or young person.

Two properties matter and shape the code:

- **Deterministic.** Everything random comes from one ``random.Random(seed)``, drawn in a fixed
  order while building a *plan* that never looks at the database. The same seed therefore
  always gives the same names, capacities, hours and funders.
- **Idempotent.** The plan is then applied with get-or-create semantics on natural keys
  (names, ONS codes, emails, (service, title) for posts). A second run finds everything and
  changes nothing. Services, spokes and memberships go through ``network.actions`` so that
  each has its audit row, with a system administrator as the actor.

The apps built on the network add their own records after it: ``hubspoke.home.demo`` runs them
in order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from hubspoke.lib.dates import today
from hubspoke.network import actions
from hubspoke.network.models import (
    Agency,
    AgencyType,
    Funder,
    HubSpokeModel,
    LocalAuthority,
    Membership,
    Phase,
    Post,
    PostLocation,
    PostVacancy,
    Programme,
    Region,
    Role,
    Service,
    Spoke,
    WaitingListPolicy,
)
from hubspoke.network.scoping import PROGRAMME_ROLES, current_memberships_q

DEMO_DOMAIN = "demo.hubspoke.invalid"
DEFAULT_PASSWORD = "hubspoke-demo-2026"
DEFAULT_SEED = 2026
PROGRAMME_NAME = "Alexi Hub and Spoke Programme"
SEEDER_EMAIL = f"seeder@{DEMO_DOMAIN}"
# The demo's record (referrals, cases, returns) covers the last few years, counted back from
# the day it is seeded.
RECORD_YEARS = 3


def record_starts() -> dt.date:
    """The first day of the demo's record. Staff and partners are members from then at the
    latest: the later apps make each record through the real action at the moment it happened,
    and an action checks who works where on that day."""
    return today() - dt.timedelta(days=RECORD_YEARS * 365 + 30)


def at(moment: dt.datetime) -> AbstractContextManager:
    """Run an action as if it were ``moment``: the clock stands still there, so what the action
    stamps (its record, its audit row, its notifications) is dated when it happened. Only the
    seeding moves the clock; the actions always take "now" from it."""
    import time_machine  # the demo's seeding only: nothing the web or the worker runs moves time

    return time_machine.travel(moment, tick=False)


class DemoSeedingRefused(RuntimeError):
    """Raised in production mode: a production database must never hold accounts whose
    password is printed on every developer's terminal."""


# --- What the demo consists of: fixed tables -------------------------------------------

FUNDERS = (
    "Comic Relief",
    "Esmée Fairbairn Foundation",
    "Henry Smith Charity",
    "Lankelly Chase Foundation",
)

# (number, name, starts_on, ends_on). Dates are fixed rather than relative to today so that
# the same seed gives the same data on any day; they lie in the past so that every
# membership is current, and the phases run on for years so the demo does not expire.
PHASES = (
    (1, "Phase 1", dt.date(2023, 4, 1), dt.date(2027, 3, 31)),
    (2, "Phase 2", dt.date(2024, 4, 1), dt.date(2028, 3, 31)),
    (3, "Phase 3", dt.date(2025, 4, 1), dt.date(2029, 3, 31)),
)

HUB_SPOKE_MODELS = (
    (1, "Police co-location",
     "The spoke worker sits inside a police-led exploitation or missing-persons team, sharing "
     "its intelligence and daily briefings while staying managed and supervised by the hub, so "
     "that young people meet a voluntary-sector worker rather than an officer."),
    (2, "Children's social care",
     "The spoke worker is based in the local authority's children's social care, for example "
     "beside the front door or an exploitation team, taking referrals early and bringing "
     "specialist advice into strategy meetings and child protection planning."),
    (3, "Health setting",
     "The spoke is placed in a health service such as a Sexual Assault Referral Centre, CAMHS "
     "or a young people's sexual health clinic, where disclosures often first happen and where "
     "a follow-up worker can keep a young person engaged after the first appointment."),
    (4, "Youth work, school or community venue",
     "The spoke works from a youth club, school, pupil referral unit or community hub: "
     "informal places young people already use, which makes a first conversation easier and "
     "lets the worker run group sessions as well as one-to-one work."),
    (5, "No fixed base: outreach",
     "The spoke has no host agency. The worker travels across a rural or dispersed area and "
     "meets young people where they are, relying on the hub for supervision and on automated "
     "lone-working check-ins where phone signal is poor."),
    (6, "Youth justice or housing",
     "The spoke is hosted by a youth justice service or a supported-housing provider, reaching "
     "young people who are already known to the system but whose exploitation has gone "
     "unrecognised, including those aged 16 and over."),
)

# Which numbered model a spoke follows, from the kind of agency that hosts it.
MODEL_FOR_AGENCY_TYPE = {
    AgencyType.POLICE: 1,
    AgencyType.CHILDRENS_SOCIAL_CARE: 2,
    AgencyType.HEALTH_SARC: 3,
    AgencyType.HEALTH_CAMHS: 3,
    AgencyType.HEALTH_OTHER: 3,
    AgencyType.EDUCATION: 4,
    AgencyType.VOLUNTARY: 4,
    AgencyType.OTHER: 4,
    AgencyType.YOUTH_JUSTICE: 6,
    AgencyType.HOUSING: 6,
}
OUTREACH_MODEL = 5

R = Region
# key: (name, ONS/GSS code, region). Codes are the current ONS codes of county, unitary,
# metropolitan-district and London-borough councils (those responsible for children's social
# care); none of these has been reorganised since 2023.
LOCAL_AUTHORITIES: dict[str, tuple[str, str, str]] = {
    "lancashire": ("Lancashire", "E10000017", R.NORTH_WEST),
    "blackpool": ("Blackpool", "E06000009", R.NORTH_WEST),
    "blackburn": ("Blackburn with Darwen", "E06000008", R.NORTH_WEST),
    "wigan": ("Wigan", "E08000010", R.NORTH_WEST),
    "rochdale": ("Rochdale", "E08000005", R.NORTH_WEST),
    "lambeth": ("Lambeth", "E09000022", R.LONDON),
    "southwark": ("Southwark", "E09000028", R.LONDON),
    "newham": ("Newham", "E09000025", R.LONDON),
    "tower_hamlets": ("Tower Hamlets", "E09000030", R.LONDON),
    "bristol": ("Bristol", "E06000023", R.SOUTH_WEST),
    "north_somerset": ("North Somerset", "E06000024", R.SOUTH_WEST),
    "cornwall": ("Cornwall", "E06000052", R.SOUTH_WEST),
    "plymouth": ("Plymouth", "E06000026", R.SOUTH_WEST),
    "torbay": ("Torbay", "E06000027", R.SOUTH_WEST),
    "devon": ("Devon", "E10000008", R.SOUTH_WEST),
    "hampshire": ("Hampshire", "E10000014", R.SOUTH_EAST),
    "southampton": ("Southampton", "E06000045", R.SOUTH_EAST),
    "portsmouth": ("Portsmouth", "E06000044", R.SOUTH_EAST),
    "isle_of_wight": ("Isle of Wight", "E06000046", R.SOUTH_EAST),
    "brighton": ("Brighton and Hove", "E06000043", R.SOUTH_EAST),
    "west_sussex": ("West Sussex", "E10000032", R.SOUTH_EAST),
    "east_sussex": ("East Sussex", "E10000011", R.SOUTH_EAST),
    "sheffield": ("Sheffield", "E08000019", R.YORKSHIRE),
    "rotherham": ("Rotherham", "E08000018", R.YORKSHIRE),
    "leeds": ("Leeds", "E08000035", R.YORKSHIRE),
    "bradford": ("Bradford", "E08000032", R.YORKSHIRE),
    "cambridgeshire": ("Cambridgeshire", "E10000003", R.EAST),
    "luton": ("Luton", "E06000032", R.EAST),
    "derby": ("Derby", "E06000015", R.EAST_MIDLANDS),
    "derbyshire": ("Derbyshire", "E10000007", R.EAST_MIDLANDS),
    "middlesbrough": ("Middlesbrough", "E06000002", R.NORTH_EAST),
    "redcar": ("Redcar and Cleveland", "E06000003", R.NORTH_EAST),
    "newcastle": ("Newcastle upon Tyne", "E08000021", R.NORTH_EAST),
    "northumberland": ("Northumberland", "E06000057", R.NORTH_EAST),
    "birmingham": ("Birmingham", "E08000025", R.WEST_MIDLANDS),
    "sandwell": ("Sandwell", "E08000028", R.WEST_MIDLANDS),
}

A = AgencyType
# key: (name, type, local authority key). Descriptive, generic names: host agencies and
# referring agencies alike. Every agency type appears at least once as a host.
AGENCIES: dict[str, tuple[str, str, str]] = {
    "blackpool_police": ("Blackpool Police Exploitation Team", A.POLICE, "blackpool"),
    "blackburn_csc": ("Blackburn with Darwen Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "blackburn"),
    "lancashire_virtual_school": ("Lancashire Virtual School", A.EDUCATION, "lancashire"),
    "wigan_police": ("Wigan Police Exploitation Team", A.POLICE, "wigan"),
    "rochdale_csc": ("Rochdale Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "rochdale"),
    "lambeth_sarc": ("South London Sexual Assault Referral Centre", A.HEALTH_SARC, "lambeth"),
    "southwark_pru": ("Southwark Pupil Referral Unit", A.EDUCATION, "southwark"),
    "southwark_yjs": ("Southwark Youth Justice Service", A.YOUTH_JUSTICE, "southwark"),
    "newham_police": ("Newham Police Exploitation Team", A.POLICE, "newham"),
    "tower_hamlets_youth": ("Tower Hamlets Youth Centre", A.VOLUNTARY, "tower_hamlets"),
    "bristol_housing": ("Bristol Young People's Housing Pathway", A.HOUSING, "bristol"),
    "north_somerset_csc": ("North Somerset Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "north_somerset"),
    "plymouth_sarc": ("Plymouth Sexual Assault Referral Centre", A.HEALTH_SARC, "plymouth"),
    "cornwall_sexual_health": ("Cornwall Young People's Sexual Health Service", A.HEALTH_OTHER, "cornwall"),
    "torbay_police": ("Torbay Police Exploitation Team", A.POLICE, "torbay"),
    "devon_virtual_school": ("Devon Virtual School", A.EDUCATION, "devon"),
    "hampshire_police": ("Hampshire Missing and Exploitation Team", A.POLICE, "hampshire"),
    "southampton_csc": ("Southampton Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "southampton"),
    "portsmouth_sexual_health": ("Portsmouth Sexual Health Service", A.HEALTH_OTHER, "portsmouth"),
    "brighton_youth": ("Brighton and Hove Youth Project", A.VOLUNTARY, "brighton"),
    "west_sussex_csc": ("West Sussex Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "west_sussex"),
    "east_sussex_family_hub": ("Hastings Family Hub", A.OTHER, "east_sussex"),
    "sheffield_police": ("Sheffield Police Exploitation Team", A.POLICE, "sheffield"),
    "rotherham_csc": ("Rotherham Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "rotherham"),
    "leeds_camhs": ("Leeds CAMHS", A.HEALTH_CAMHS, "leeds"),
    "bradford_csc": ("Bradford Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "bradford"),
    "cambridgeshire_csc": ("Cambridgeshire Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "cambridgeshire"),
    "luton_police": ("Luton Police Exploitation Team", A.POLICE, "luton"),
    "derby_police": ("Derby Police Exploitation Team", A.POLICE, "derby"),
    "derbyshire_virtual_school": ("Derbyshire Virtual School", A.EDUCATION, "derbyshire"),
    "middlesbrough_police": ("Middlesbrough Police Exploitation Team", A.POLICE, "middlesbrough"),
    "redcar_csc": ("Redcar and Cleveland Children's Social Care", A.CHILDRENS_SOCIAL_CARE, "redcar"),
    "newcastle_health": ("Newcastle Young People's Health Service", A.HEALTH_OTHER, "newcastle"),
    "birmingham_yjs": ("Birmingham Youth Justice Service", A.YOUTH_JUSTICE, "birmingham"),
    "sandwell_inclusion": ("Sandwell Inclusion Service", A.EDUCATION, "sandwell"),
}


@dataclass(frozen=True)
class SpokeSpec:
    slug: str  # unique across the demo: it names the spoke worker's email
    name: str
    local_authority: str
    host_agency: str | None  # None: a spoke with no fixed base
    vacant: bool = False  # the spoke's post is currently unfilled


@dataclass(frozen=True)
class ServiceSpec:
    slug: str
    name: str
    organisation: str
    phase: int
    region: str
    waiting_list_policy: str
    hub_workers: int  # filled hub worker posts (0–2)
    vacant_hub_posts: int
    spokes: tuple[SpokeSpec, ...]


S, W = WaitingListPolicy.WAITING_LIST, WaitingListPolicy.NO_WAITING_LIST
SERVICES: tuple[ServiceSpec, ...] = (
    # Phase 1
    ServiceSpec("street-safe", "Street Safe Lancashire", "The Children's Society", 1, R.NORTH_WEST, S, 2, 0, (
        SpokeSpec("blackpool", "Blackpool spoke", "blackpool", "blackpool_police"),
        SpokeSpec("blackburn", "Blackburn with Darwen spoke", "blackburn", "blackburn_csc"),
        SpokeSpec("lancashire-rural", "Lancashire rural outreach spoke", "lancashire", None),
    )),
    ServiceSpec("protect-respect", "Protect and Respect", "NSPCC", 1, R.LONDON, S, 2, 0, (
        SpokeSpec("lambeth", "Lambeth SARC spoke", "lambeth", "lambeth_sarc"),
        SpokeSpec("southwark", "Southwark schools spoke", "southwark", "southwark_pru"),
    )),
    ServiceSpec("base", "BASE", "Barnardo's", 1, R.SOUTH_WEST, W, 1, 0, (
        SpokeSpec("bristol", "Bristol housing spoke", "bristol", "bristol_housing"),
        SpokeSpec("north-somerset", "North Somerset spoke", "north_somerset", "north_somerset_csc"),
    )),
    ServiceSpec("ctm-london", "CSE, Trafficking and Missing Service", "Barnardo's", 1, R.LONDON, S, 1, 1, (
        SpokeSpec("newham", "Newham police spoke", "newham", "newham_police"),
        SpokeSpec("tower-hamlets", "Tower Hamlets youth work spoke", "tower_hamlets", "tower_hamlets_youth"),
    )),
    # Phase 2
    ServiceSpec("clear", "Clear", "Safe and Secure", 2, R.SOUTH_WEST, W, 0, 1, (
        SpokeSpec("cornwall", "Cornwall outreach spoke", "cornwall", None),
        SpokeSpec("plymouth", "Plymouth SARC spoke", "plymouth", "plymouth_sarc"),
    )),
    ServiceSpec("checkpoint", "Checkpoint", "The Children's Society", 2, R.SOUTH_WEST, S, 1, 0, (
        SpokeSpec("torbay", "Torbay police spoke", "torbay", "torbay_police"),
        SpokeSpec("devon", "Devon schools spoke", "devon", "devon_virtual_school"),
    )),
    ServiceSpec("u-turn", "U-Turn", "Barnardo's", 2, R.SOUTH_EAST, S, 2, 0, (
        SpokeSpec("hampshire", "Hampshire police spoke", "hampshire", "hampshire_police"),
        SpokeSpec("southampton", "Southampton spoke", "southampton", "southampton_csc"),
        SpokeSpec("portsmouth", "Portsmouth sexual health spoke", "portsmouth", "portsmouth_sexual_health"),
        SpokeSpec("isle-of-wight", "Isle of Wight outreach spoke", "isle_of_wight", None),
    )),
    ServiceSpec("sheffield-futures", "Sheffield Futures CSE Service", "Sheffield Futures", 2, R.YORKSHIRE, W, 1, 0, (
        SpokeSpec("sheffield", "Sheffield police spoke", "sheffield", "sheffield_police"),
        SpokeSpec("rotherham", "Rotherham spoke", "rotherham", "rotherham_csc"),
    )),
    # Phase 3
    ServiceSpec("link-to-change", "Link to Change", "Link to Change", 3, R.EAST, S, 1, 0, (
        SpokeSpec("cambridgeshire", "Cambridgeshire spoke", "cambridgeshire", "cambridgeshire_csc"),
        SpokeSpec("luton", "Luton police spoke", "luton", "luton_police"),
    )),
    ServiceSpec("safe-and-sound", "Safe and Sound", "Safe and Sound", 3, R.EAST_MIDLANDS, S, 1, 0, (
        SpokeSpec("derby", "Derby police spoke", "derby", "derby_police"),
        SpokeSpec("derbyshire", "Derbyshire schools spoke", "derbyshire", "derbyshire_virtual_school"),
    )),
    ServiceSpec("sussex", "Sussex Hub and Spoke Service", "YMCA Sussex", 3, R.SOUTH_EAST, W, 1, 0, (
        SpokeSpec("brighton", "Brighton and Hove youth work spoke", "brighton", "brighton_youth"),
        SpokeSpec("west-sussex", "West Sussex spoke", "west_sussex", "west_sussex_csc"),
        SpokeSpec("east-sussex", "East Sussex family hub spoke", "east_sussex", "east_sussex_family_hub", vacant=True),
    )),
    ServiceSpec("tees-valley", "Tees Valley Hub", "Barnardo's", 3, R.NORTH_EAST, S, 1, 0, (
        SpokeSpec("middlesbrough", "Middlesbrough police spoke", "middlesbrough", "middlesbrough_police"),
        SpokeSpec("redcar", "Redcar and Cleveland spoke", "redcar", "redcar_csc"),
    )),
    ServiceSpec("tyneside", "Tyneside Hub", "The Children's Society", 3, R.NORTH_EAST, S, 0, 1, (
        SpokeSpec("newcastle", "Newcastle young people's health spoke", "newcastle", "newcastle_health"),
        SpokeSpec("northumberland", "Northumberland outreach spoke", "northumberland", None),
    )),
    ServiceSpec("wigan-rochdale", "Wigan and Rochdale Hub", "The Children's Society", 3, R.NORTH_WEST, W, 1, 0, (
        SpokeSpec("wigan", "Wigan police spoke", "wigan", "wigan_police"),
        SpokeSpec("rochdale", "Rochdale spoke", "rochdale", "rochdale_csc"),
    )),
    ServiceSpec("black-country", "Black Country Hub", "Barnardo's", 3, R.WEST_MIDLANDS, S, 2, 0, (
        SpokeSpec("birmingham", "Birmingham youth justice spoke", "birmingham", "birmingham_yjs"),
        SpokeSpec("sandwell", "Sandwell schools spoke", "sandwell", "sandwell_inclusion", vacant=True),
    )),
    ServiceSpec("west-yorkshire", "West Yorkshire Hub", "NSPCC", 3, R.YORKSHIRE, W, 1, 0, (
        SpokeSpec("leeds", "Leeds CAMHS spoke", "leeds", "leeds_camhs"),
        SpokeSpec("bradford", "Bradford spoke", "bradford", "bradford_csc"),
    )),
)

# (agency key, email slug): partners at host agencies and at agencies that only refer.
PARTNERS = (
    ("blackpool_police", "blackpool-police"),
    ("blackburn_csc", "blackburn-csc"),
    ("lancashire_virtual_school", "lancashire-school"),
    ("lambeth_sarc", "lambeth-sarc"),
    ("southwark_yjs", "southwark-yjs"),
    ("cornwall_sexual_health", "cornwall-health"),
    ("torbay_police", "torbay-police"),
    ("derby_police", "derby-police"),
    ("west_sussex_csc", "west-sussex-csc"),
    ("leeds_camhs", "leeds-camhs"),
)

# (email local part, role). The programme's own people: their memberships attach to it.
PROGRAMME_PEOPLE = (
    ("programme.lead", Role.PROGRAMME_LEAD),
    ("evaluator.1", Role.EVALUATOR),
    ("evaluator.2", Role.EVALUATOR),
    ("exchange.lead", Role.EXCHANGE_LEAD),
    ("administrator", Role.ADMINISTRATOR),
)

# Deliberately ordinary, widely shared names, combined at random: the result is a made-up
# person, never someone from the source documents.
FIRST_NAMES = (
    "Alex", "Sam", "Jordan", "Charlie", "Jamie", "Morgan", "Taylor", "Casey", "Riley", "Robin",
    "Chris", "Jo", "Kim", "Drew", "Jesse", "Ashley", "Frankie", "Rowan", "Sasha", "Toni",
    "Billie", "Nicky", "Dani", "Ellis", "Avery", "Cameron", "Quinn", "Reese", "Jude", "Kit",
    "Amara", "Priya", "Aisha", "Zara", "Hannah", "Sophie", "Grace", "Ruth", "Tom", "Ben",
    "Dan", "Joe", "Omar", "Ravi", "Tariq", "Kwame", "Marek", "Niamh", "Ffion", "Leah",
)
LAST_NAMES = (
    "Smith", "Jones", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Patel", "Khan", "Ahmed", "Hussain", "Okafor", "Mensah", "Nowak", "Murphy",
    "Kelly", "Singh", "Chen", "Nguyen", "Hughes", "Edwards", "Hill", "Moore", "Martin",
    "Cooper", "Ward", "Turner", "Parker", "Baker", "Harris", "Lewis", "Scott", "Bennett",
)

FTE_CHOICES = (Decimal("0.50"), Decimal("0.60"), Decimal("0.80"), Decimal("1.00"), Decimal("1.00"))


# --- The plan: pure data, built from the seed alone ------------------------------------

@dataclass(frozen=True)
class PersonPlan:
    email: str
    full_name: str
    is_staff: bool = False


@dataclass(frozen=True)
class MembershipPlan:
    email: str
    role: str
    # ("programme", None) | ("service", service slug) | ("spoke", spoke slug) | ("agency", agency key)
    place_kind: str
    place_key: str | None
    starts_on: dt.date
    caseload_capacity: int | None = None


@dataclass(frozen=True)
class PostPlan:
    service: str
    title: str
    fte: Decimal
    location: str
    spoke: str | None
    funder: str
    holder: str | None  # email, or None for a vacant post
    starts_on: dt.date  # as planned: the phase's start for a hub post, the spoke's for a spoke's
    holder_from: dt.date | None = None  # when the holder's membership is planned to start
    # A worker left and was replaced: a closed vacancy in the record's last year or so.
    replaced: bool = False


@dataclass
class Plan:
    people: list[PersonPlan] = field(default_factory=list)
    memberships: list[MembershipPlan] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    spoke_starts: dict[str, dt.date] = field(default_factory=dict)


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _first_of_month(day: dt.date, months_later: int) -> dt.date:
    month = day.month - 1 + months_later
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def build_plan(*, seed: int) -> Plan:
    """Everything random, drawn in a fixed order so that one seed always gives one plan."""
    # Not for security: a reproducible stream of demo values is exactly what is wanted here.
    rng = random.Random(seed)  # noqa: S311
    plan = Plan()
    used_names: set[str] = set()
    phase_start = {number: starts for number, _, starts, _ in PHASES}

    def person(local: str, *, is_staff: bool = False) -> str:
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in used_names:
                break
        used_names.add(name)
        email = _email(local)
        plan.people.append(PersonPlan(email=email, full_name=name, is_staff=is_staff))
        return email

    def after(start: dt.date, max_days: int) -> dt.date:
        return start + dt.timedelta(days=rng.randint(0, max_days))

    programme_start = phase_start[1]
    for local, role in PROGRAMME_PEOPLE:
        email = person(local, is_staff=role == Role.ADMINISTRATOR)
        plan.memberships.append(MembershipPlan(email, role, "programme", None, after(programme_start, 60)))

    for svc in SERVICES:
        start = phase_start[svc.phase]
        manager = person(f"manager.{svc.slug}")
        plan.memberships.append(MembershipPlan(manager, Role.SERVICE_MANAGER, "service", svc.slug, start))
        plan.posts.append(PostPlan(svc.slug, "Service manager", rng.choice(FTE_CHOICES[2:]), PostLocation.HUB,
                                   None, rng.choice(FUNDERS), manager, starts_on=start, holder_from=start))
        for n in range(1, svc.hub_workers + svc.vacant_hub_posts + 1):
            filled = n <= svc.hub_workers
            holder = holder_from = None
            if filled:
                holder = person(f"hub{n}.{svc.slug}")
                holder_from = after(start, 90)
                plan.memberships.append(MembershipPlan(holder, Role.HUB_WORKER, "service", svc.slug,
                                                       holder_from, rng.randint(8, 15)))
            plan.posts.append(PostPlan(svc.slug, f"Hub worker {n}", rng.choice(FTE_CHOICES), PostLocation.HUB,
                                       None, rng.choice(FUNDERS), holder, starts_on=start, holder_from=holder_from,
                                       replaced=filled and n == 1 and len(plan.posts) % 3 == 0))
        for spoke in svc.spokes:
            # Spokes open over the first months of a phase, as hubs negotiate with hosts.
            spoke_start = _first_of_month(start, rng.randint(1, 6))
            plan.spoke_starts[spoke.slug] = spoke_start
            holder = holder_from = None
            if not spoke.vacant:
                holder = person(f"spoke.{spoke.slug}")
                holder_from = after(spoke_start, 30)
                plan.memberships.append(MembershipPlan(holder, Role.SPOKE_WORKER, "spoke", spoke.slug,
                                                       holder_from, rng.randint(8, 15)))
            plan.posts.append(PostPlan(svc.slug, f"Spoke worker: {spoke.name}", rng.choice(FTE_CHOICES),
                                       PostLocation.SPOKE, spoke.slug, rng.choice(FUNDERS), holder,
                                       starts_on=spoke_start, holder_from=holder_from))

    for agency_key, local in PARTNERS:
        email = person(f"partner.{local}")
        plan.memberships.append(MembershipPlan(email, Role.PARTNER, "agency", agency_key,
                                               after(phase_start[2], 365)))

    emails = [p.email for p in plan.people]
    if len(emails) != len(set(emails)) or SEEDER_EMAIL in emails:
        raise ValueError("Demo email addresses must be unique: check the slugs in demo.py.")
    return plan


# --- Applying the plan ------------------------------------------------------------------

@dataclass(frozen=True)
class SignIn:
    role: str  # the role's label, e.g. "Service manager"
    email: str
    full_name: str
    place: str


@dataclass(frozen=True)
class DemoResult:
    programme: str
    seed: int
    password: str
    sign_ins: tuple[SignIn, ...]
    # What the demo holds (from the plan) and what this run had to create (0 on a re-run).
    totals: dict[str, int]
    created: dict[str, int]
    passwords_reset: int = 0


# The order of the printed sign-ins: one example per role.
SIGN_IN_ROLES = (
    Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER, Role.PARTNER,
    Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.EXCHANGE_LEAD, Role.ADMINISTRATOR,
)


def _password_hash(*, password: str, existing_hashes: Iterable[str]) -> str:
    """One hash shared by every demo account. Argon2 is deliberately slow, so hash once; and
    reuse a stored hash that already matches, so that a re-run rewrites no password."""
    for encoded in sorted(set(existing_hashes)):
        if check_password(password, encoded):
            return encoded
    return make_password(password)


def _ensure_users(*, plan: Plan, password: str) -> tuple[dict[str, Any], Any, int, int]:
    """Every planned person by email, the seeder, how many accounts were created and how many
    had their password put back."""
    User = get_user_model()
    emails = [p.email for p in plan.people]
    existing = {u.email: u for u in User.objects.filter(email__in=[*emails, SEEDER_EMAIL])}
    password_hash = _password_hash(
        password=password, existing_hashes=[u.password for e, u in existing.items() if e != SEEDER_EMAIL]
    )
    # A changed --password (or a password someone changed in the demo) is put back, so the
    # printed sign-ins always work; matching accounts are left untouched.
    stale = [u for e, u in existing.items() if e != SEEDER_EMAIL and u.password != password_hash]
    for user in stale:
        user.password = password_hash
    if stale:
        User.objects.bulk_update(stale, ["password"])

    created = 0
    if SEEDER_EMAIL not in existing:
        # The system account that performs the seeding, so that every audit row has an actor.
        # Nobody signs in as it: its password is unusable.
        seeder = User(email=SEEDER_EMAIL, full_name="Demo seeder (system account)", is_demo=True)
        seeder.set_unusable_password()
        seeder.save()
        existing[SEEDER_EMAIL] = seeder
        created += 1
    missing = [
        User(email=p.email, full_name=p.full_name, is_staff=p.is_staff, is_demo=True, password=password_hash)
        for p in plan.people
        if p.email not in existing
    ]
    for user in User.objects.bulk_create(missing):
        existing[user.email] = user
    created += len(missing)
    return existing, existing[SEEDER_EMAIL], created, len(stale)


@transaction.atomic
def seed_demo(*, seed: int = DEFAULT_SEED, password: str = DEFAULT_PASSWORD) -> DemoResult:
    """Create (or find) the demo programme. Safe to run again: it adds only what is missing."""
    if settings.PRODUCTION:
        raise DemoSeedingRefused("seed_demo is refused in production mode: it creates accounts with a known password.")
    plan = build_plan(seed=seed)
    created: dict[str, int] = {}

    def count(kind: str, was_created: bool) -> None:
        created[kind] = created.get(kind, 0) + int(was_created)

    programme, new = Programme.objects.get_or_create(
        name=PROGRAMME_NAME,
        defaults={
            "description": (
                "Synthetic demonstration data. A funders' alliance of four trusts and foundations "
                "funds established CSE services (hubs) to place specialist spoke workers in local "
                "areas where the response to child sexual exploitation is under-developed."
            ),
            "year_start_month": 4,
        },
    )
    count("programme", new)
    funders = {}
    for name in FUNDERS:
        funders[name], new = Funder.objects.get_or_create(programme=programme, name=name)
        count("funders", new)
    phases = {}
    for number, name, starts_on, ends_on in PHASES:
        phases[number], new = Phase.objects.get_or_create(
            programme=programme, number=number, defaults={"name": name, "starts_on": starts_on, "ends_on": ends_on}
        )
        count("phases", new)
    models = {}
    for number, name, description in HUB_SPOKE_MODELS:
        models[number], new = HubSpokeModel.objects.get_or_create(
            programme=programme, number=number, defaults={"name": name, "description": description}
        )
        count("models", new)
    las = {}
    for key, (name, ons_code, region) in LOCAL_AUTHORITIES.items():
        las[key], new = LocalAuthority.objects.get_or_create(
            ons_code=ons_code, defaults={"name": name, "region": region}
        )
        count("local_authorities", new)
    agencies = {}
    for key, (name, agency_type, la_key) in AGENCIES.items():
        agencies[key], new = Agency.objects.get_or_create(
            name=name, local_authority=las[la_key], defaults={"agency_type": agency_type}
        )
        count("agencies", new)

    users, seeder, created["users"], passwords_reset = _ensure_users(plan=plan, password=password)
    # The current memberships of everyone seeded: one query, so a re-run adds none twice.
    current = {
        (m.person_id, m.role, m.programme_id, m.service_id, m.spoke_id, m.agency_id)
        for m in Membership.objects.filter(current_memberships_q(), person__in=list(users.values()))
    }

    def ensure_membership(person, role: str, place, *, starts_on: dt.date, capacity: int | None = None) -> None:
        kind = type(place).__name__.lower()
        key = (person.pk, role, *(place.pk if kind == k else None for k in ("programme", "service", "spoke", "agency")))
        if key in current:
            count("memberships", False)
            return
        # Dates are fixed for determinism; never start one in the future, or it would not be
        # current today. Hub staff and partners are there from the start of the record at the
        # latest (record_starts); a spoke's worker starts with their spoke.
        latest = today() if role in (Role.SPOKE_WORKER, *PROGRAMME_ROLES) else record_starts()
        actions.add_membership(
            actor=seeder, person=person, role=role, place=place,
            starts_on=min(starts_on, latest), caseload_capacity=capacity,
        )
        current.add(key)
        count("memberships", True)

    # The seeder's own administrator role comes first: audit rows describe the actor by the
    # role they hold today, so from the very first row the seeder shows as an administrator.
    ensure_membership(seeder, Role.ADMINISTRATOR, programme, starts_on=PHASES[0][2])

    services = {s.name: s for s in Service.objects.filter(programme=programme)}
    spokes_by_slug: dict[str, Spoke] = {}
    services_by_slug: dict[str, Service] = {}
    existing_spokes = {(s.service_id, s.name): s for s in Spoke.objects.filter(service__programme=programme)}
    for svc in SERVICES:
        service = services.get(svc.name)
        if service is None:
            service = actions.add_service(
                actor=seeder, programme=programme, phase=phases[svc.phase], name=svc.name,
                organisation=svc.organisation, region=svc.region, waiting_list_policy=svc.waiting_list_policy,
            )
        count("services", svc.name not in services)
        services_by_slug[svc.slug] = service
        for spec in svc.spokes:
            spoke = existing_spokes.get((service.pk, spec.name))
            if spoke is None:
                agency = agencies[spec.host_agency] if spec.host_agency else None
                spoke = actions.add_spoke(
                    actor=seeder, service=service, name=spec.name, host_agency=agency,
                    local_authority=las[spec.local_authority],
                    model=models[MODEL_FOR_AGENCY_TYPE[agency.agency_type] if agency else OUTREACH_MODEL],
                    starts_on=min(plan.spoke_starts[spec.slug], today()),
                )
                count("spokes", True)
            else:
                count("spokes", False)
            spokes_by_slug[spec.slug] = spoke

    places = {"service": services_by_slug, "spoke": spokes_by_slug, "agency": agencies}
    for m in plan.memberships:
        place = programme if m.place_kind == "programme" else places[m.place_kind][m.place_key]
        ensure_membership(users[m.email], m.role, place, starts_on=m.starts_on, capacity=m.caseload_capacity)

    existing_posts = set(Post.objects.filter(service__programme=programme).values_list("service_id", "title"))
    new_plans = [p for p in plan.posts if (services_by_slug[p.service].pk, p.title) not in existing_posts]
    new_posts = [
        Post(
            service=services_by_slug[p.service], spoke=spokes_by_slug[p.spoke] if p.spoke else None,
            title=p.title, fte=p.fte, location=p.location, funder=funders[p.funder],
            holder=users[p.holder] if p.holder else None, starts_on=_post_starts(p),
        )
        for p in new_plans
    ]
    Post.objects.bulk_create(new_posts)
    created["posts"] = len(new_posts)
    # A new post's vacancies come with it; a post found again keeps what it has.
    saved = {(post.service_id, post.title): post
             for post in Post.objects.filter(service__programme=programme)}
    vacancies = []
    for p, post in zip(new_plans, new_posts, strict=True):
        periods = _post_vacancies(p, post.starts_on)
        actions.check_post_vacancies(post=post, vacancies=periods)
        post = saved[(post.service_id, post.title)]
        vacancies += [PostVacancy(post=post, starts_on=first, ends_on=last) for first, last in periods]
    PostVacancy.objects.bulk_create(vacancies)
    created["post vacancies"] = len(vacancies)

    return DemoResult(
        programme=programme.name,
        seed=seed,
        password=password,
        sign_ins=_sign_ins(plan=plan, users=users, places=places, programme=programme),
        totals=_totals(plan),
        created=created,
        passwords_reset=passwords_reset,
    )


def _post_starts(p: PostPlan) -> dt.date:
    """As its people's memberships are dated: a hub post from the start of the record at the
    latest, a spoke's post with its spoke (never in the future)."""
    return min(p.starts_on, record_starts() if p.location == PostLocation.HUB else today())


def _post_vacancies(p: PostPlan, starts_on: dt.date) -> list[tuple[dt.date, dt.date | None]]:
    """A post's vacancies, each ``(first day, last day or None while vacant)``: from the post's
    start until its holder arrived; a vacant post since it started (a spoke's) or since a
    worker left four months ago (the hub's); and a worker who left about a year ago, replaced
    nine weeks later."""
    if p.holder is None:
        since = starts_on if p.location == PostLocation.SPOKE else max(starts_on, _first_of_month(today(), -4))
        return [(since, None)]
    periods = []
    latest = record_starts() if p.location == PostLocation.HUB else today()
    arrived = min(p.holder_from or starts_on, latest)
    if arrived > starts_on:
        periods.append((starts_on, arrived - dt.timedelta(days=1)))
    left = _first_of_month(today(), -12)
    if p.replaced and left > max(starts_on, arrived):
        periods.append((left, left + dt.timedelta(weeks=9, days=-1)))
    return periods


def _sign_ins(
    *, plan: Plan, users: dict[str, Any], places: dict[str, dict], programme: Programme
) -> tuple[SignIn, ...]:
    first: dict[str, MembershipPlan] = {}
    for m in plan.memberships:
        first.setdefault(m.role, m)
    result = []
    for role in SIGN_IN_ROLES:
        m = first[role]
        place = programme if m.place_kind == "programme" else places[m.place_kind][m.place_key]
        user = users[m.email]
        result.append(SignIn(role=Role(role).label, email=user.email, full_name=user.full_name, place=str(place)))
    return tuple(result)


def _totals(plan: Plan) -> dict[str, int]:
    roles = [m.role for m in plan.memberships]
    staff_roles = {Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER}
    return {
        "services": len(SERVICES),
        "spokes": sum(len(s.spokes) for s in SERVICES),
        "local_authorities": len(LOCAL_AUTHORITIES),
        "agencies": len(AGENCIES),
        "staff": sum(role in staff_roles for role in roles),
        "partners": roles.count(Role.PARTNER),
        "programme_people": len(PROGRAMME_PEOPLE),
        "posts": len(plan.posts),
        "vacant_posts": sum(p.holder is None for p in plan.posts),
        "people": len(plan.people),
    }
