"""The demo's work with professionals and the local system: the last year at every service, in
proportion to its hub and its spokes, recorded through the real actions by the service's own
staff, each at a place they worked that day (``queries.places_for_user``), in time order with
the clock moved to each moment (``network.demo.at``):

- consultations asked by schools, police, health and social care, most of them advice only,
  some signposted, and some that led to a referral the service received a few days later
  (recorded as "they will make a referral" on the day, linked to the referral once it came);
- training, including the sessions for taxi and private hire drivers and other licensed trades,
  with participants' anonymous answers given by the session's link (``actions.give_feedback``),
  more confident afterwards;
- prevention sessions in schools, colleges and youth venues, with the numbers by age and by
  gender adding up to the number reached;
- the exploitation panel (MACE) every month, the partnership's subgroup every quarter and the
  missing from home and care meeting every six weeks, some of them with outputs (a problem
  profile, a pathway, a procedure);
- a few challenges at each service at different stages: about real open cases, escalated to
  manager and senior manager, one or two ended, and a referrer disputing a triage decision.

No text names or dates a young person: the words are fixed and general, and young people at
prevention sessions are only counted. Deterministic for a seed; adds nothing the second time."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from hubspoke.cases.models import Allocation, AllocationRole, Case, CaseStatus
from hubspoke.engagement import actions, queries
from hubspoke.engagement.models import (
    AGE_BANDS,
    Challenge,
    ChallengeStep,
    Consultation,
    PreventionSession,
    StrategicMeeting,
    TrainingFeedback,
    TrainingSession,
)
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.demo import at
from hubspoke.network.models import Agency, AgencyType, Membership, Role, Service, Spoke
from hubspoke.referrals.models import DecisionKind, Referral, ReferralDecision, ReferralStatus

DAYS = 365
# A year's work at each place (the hub, or a spoke with its worker).
CONSULTATIONS_PER_PLACE = 14
TRAINING_PER_PLACE = 3
PREVENTION_PER_PLACE = 5
# Of the consultations at a service, how many turn into a referral it then receives.
REFERRALS_FROM_CONSULTATIONS = 3

A = AgencyType
# A referral's pathway -> the kind of agency that would have asked for a consultation first.
PROFESSIONAL_PATHWAYS = {
    "childrens_social_care": A.CHILDRENS_SOCIAL_CARE, "police": A.POLICE, "education": A.EDUCATION,
    "health_sarc": A.HEALTH_SARC, "health_camhs": A.HEALTH_CAMHS, "health_sexual_health": A.HEALTH_OTHER,
    "health_gp": A.HEALTH_OTHER, "youth_justice": A.YOUTH_JUSTICE, "voluntary": A.VOLUNTARY,
}
# Who asks for a consultation: (agency type, weight). The spoke's host agency asks more often.
ASKED_BY = ((A.EDUCATION, 30), (A.CHILDRENS_SOCIAL_CARE, 22), (A.POLICE, 18), (A.HEALTH_OTHER, 8),
            (A.HEALTH_SARC, 4), (A.HEALTH_CAMHS, 5), (A.YOUTH_JUSTICE, 5), (A.HOUSING, 3), (A.VOLUNTARY, 5))
ROLES = {
    A.EDUCATION: ("Designated safeguarding lead", "Head of year", "Pastoral manager", "College safeguarding officer"),
    A.CHILDRENS_SOCIAL_CARE: ("Social worker", "Assessment team manager", "Family support worker",
                              "Independent reviewing officer"),
    A.POLICE: ("Missing persons coordinator", "Neighbourhood officer", "Exploitation team detective"),
    A.HEALTH_OTHER: ("School nurse", "Sexual health nurse", "Health visitor", "Practice nurse"),
    A.HEALTH_SARC: ("Crisis worker", "Forensic nurse examiner"),
    A.HEALTH_CAMHS: ("CAMHS clinician", "Primary mental health worker"),
    A.YOUTH_JUSTICE: ("Youth justice officer", "Case manager"),
    A.HOUSING: ("Supported housing key worker", "Homelessness officer"),
    A.VOLUNTARY: ("Youth worker", "Detached youth worker", "Mentor"),
}
# (concern, advice) by who asks: general words, never a child's name or details.
CONCERNS = {
    A.EDUCATION: (
        ("A Year 9 pupil picked up from school by older males in different cars",
         "Talked through the warning signs; record each sighting with times and registrations, tell the police on "
         "101 and make a referral to children's social care with the pupil's knowledge."),
        ("A pupil with a new phone and expensive gifts she will not explain",
         "Suggested a conversation with a trusted member of staff, using open questions; log it and share with "
         "the safeguarding lead. Offered to join a meeting with the family."),
        ("Images of a pupil shared around a group chat",
         "Follow the school's guidance on sharing nudes and semi-nudes; do not view or copy the images; talk to "
         "the police about the older young person who asked for them."),
        ("A pupil often missing from afternoon lessons and seen at the bus station",
         "Explained the links between missing education and exploitation; suggested a return to learning meeting "
         "and sharing the sightings with the missing coordinator."),
    ),
    A.CHILDRENS_SOCIAL_CARE: (
        ("A young person in care going missing overnight at weekends",
         "Went through our screening tool together; agreed the missing return interviews should ask who she is "
         "with. A referral to us would fit if she agrees to meet a worker."),
        ("A boy who may be being groomed online by an adult posing as a teenager",
         "Advised a strategy discussion with the police; shared our online grooming resources for the carers."),
        ("Whether a case meets the threshold for the exploitation panel",
         "Talked through the panel's criteria and the information to bring; offered our view on the risk."),
        ("A mother worried about her daughter's older boyfriend",
         "Suggested the social worker shares the parents' guide and asks about the age gap and where they meet."),
    ),
    A.POLICE: (
        ("A group of girls seen regularly at a takeaway late at night",
         "Shared what we know of the area; suggested a welfare visit with a youth worker rather than uniform."),
        ("A young person found in a flat with adults after a missing episode",
         "Advised a referral to children's social care and to us; talked about how to record the adults' details "
         "for intelligence."),
        ("A young person reluctant to give a statement",
         "Explained why she may not see herself as a victim; suggested keeping the door open and a trusted "
         "adult at every contact."),
    ),
    A.HEALTH_OTHER: (
        ("Repeated requests for emergency contraception from a 14-year-old",
         "Talked through how to judge whether she can consent to treatment, and the signs of exploitation; "
         "advised sharing with the safeguarding lead and a referral if she agrees."),
        ("A young person at the clinic with an older partner who answers for her",
         "Suggested seeing her alone next time and asking about the relationship with our question cards."),
    ),
    A.HEALTH_SARC: (
        ("Follow-up support for a teenager seen after an assault",
         "Explained what our workers offer after a SARC visit; agreed the crisis worker will ask her about a "
         "referral."),
    ),
    A.HEALTH_CAMHS: (
        ("A young person with self-harm who talks about parties with adults",
         "Talked through the risk indicators; suggested a joint conversation with the CAMHS clinician present."),
    ),
    A.YOUTH_JUSTICE: (
        ("A boy on an order who may be moving drugs for others",
         "Explained the links between criminal and sexual exploitation; suggested a referral through the "
         "National Referral Mechanism and a joint visit."),
    ),
    A.HOUSING: (
        ("A care leaver with visitors to her flat at all hours",
         "Advised recording the visitors and the times; suggested a professionals' meeting with the police."),
    ),
    A.VOLUNTARY: (
        ("Several at the youth club talking about a house where parties are held",
         "Advised passing the address to the police as intelligence and to the exploitation panel lead."),
    ),
}
SIGNPOSTED = ("The local sexual health service", "The school nurse service", "The young carers service",
              "The missing from home service", "The online safety helpline for professionals",
              "The young people's substance misuse service", "The local domestic abuse service")
METHODS = (("phone", 6), ("email", 2), ("in_person", 2), ("video", 1), ("message", 1))

# Training: (topic, minutes, audiences as (field, share), materials).
TRAINING = (
    ("Child sexual exploitation: spotting the signs", 120,
     (("education", 5), ("social_care", 2), ("health", 2), ("voluntary", 1)), "Slides and the signs checklist"),
    ("Online grooming: what professionals need to know", 90,
     (("education", 4), ("social_care", 2), ("police", 1), ("voluntary", 2)), "Slides and case scenarios"),
    ("Working with young people who go missing", 180,
     (("social_care", 4), ("police", 3), ("health", 1), ("voluntary", 1)), "Slides, the return interview guide"),
    ("Keeping your child safe online: a session for parents", 60,
     (("parents_carers", 9), ("other", 1)), "Parents' guide and leaflets"),
    ("Language that blames: talking about exploitation", 90,
     (("social_care", 3), ("health", 3), ("police", 2), ("education", 2)), "Slides and the language guide"),
    ("Exploitation awareness for hotel, takeaway and door staff", 90,
     (("licensed_trades", 8), ("other", 1)), "Slides and the 'see it, report it' card"),
)
TAXI = ("Taxi and private hire drivers: empathy and the elephant in the room", 150,
        (("licensed_trades", 20), ("other", 1)), "The drivers' film, slides and the 'see it, report it' card")
CO_TRAINERS = ("A police exploitation officer", "The council's licensing officer", "A school nurse",
               "The safeguarding partnership's trainer", "")
WILL_DO = (
    "Report it on 101 with the car's registration, even if I'm not sure.",
    "Ask where they are going if something doesn't feel right, and note the address.",
    "Speak to the safeguarding lead the same day rather than waiting.",
    "Stop using words that blame the young person in my notes.",
    "Ask open questions and give them time.",
    "Keep the card in the cab and pass the number on to other drivers.",
    "Look again at who is picking young people up after school.",
    "Share the parents' guide with other parents.",
    "",
    "",
)

# Prevention: (setting, names of places, formats with their sizes, the age bands they reach).
# Invented names: no real school or college is meant.
SCHOOLS = ("Wrenfield Academy", "Copperbeck High School", "Hallowmoor Academy", "Greystanes High School",
           "Lindenholt Community School", "Marrowby Academy", "Foxhollow High School", "St Cuthwin's High School")
COLLEGES = ("Copperbeck Sixth Form College", "Wrenfield College", "Greystanes College of Further Education")
VENUES = {
    "alternative": ("Riverside Pupil Referral Unit", "The Learning Centre"),
    "youth_venue": ("Eastfield Youth Centre", "The Den youth club", "Millbrook Youth Zone"),
    "residential": ("A children's home in the area",),
    "community": ("Oakwood Community Centre", "The Methodist church hall"),
}
PREVENTION_NOTES = (
    "Class teacher stayed for the session. Several asked about reporting online; left the help cards.",
    "Good discussion of consent scenarios. One pupil stayed behind to talk; passed to the safeguarding lead.",
    "Used the short film and the relationship quiz. Agreed a follow-up session next term.",
    "Small group chosen by the pastoral team. Quiet at first; opened up in the second half.",
    "",
    "",
)
TOPICS = {
    "school": ("relationships", "consent", "online", "grooming", "help"),
    "college": ("consent", "sexual_health", "grooming", "criminal", "help"),
    "alternative": ("criminal", "grooming", "online", "relationships"),
    "youth_venue": ("online", "relationships", "criminal", "help"),
    "residential": ("grooming", "online", "help"),
    "community": ("online", "relationships", "help"),
}

# Meetings at each service: (kind, title, role, every so many days, outputs now and then).
MEETINGS = (
    ("exploitation_panel", "{area} MACE panel", "member", 30,
     (("problem_profile", "Problem profile of exploitation around the town centre's takeaways and taxi ranks, "
                          "written with the police analyst."),
      ("disruption", "Disruption plan for an address linked to several young people going missing."))),
    ("partnership_subgroup", "{area} Safeguarding Partnership: exploitation subgroup", "member", 91,
     (("pathway", "A single pathway for exploitation referrals from schools, agreed by the subgroup."),
      ("procedure", "The escalation procedure updated to name the exploitation lead at each agency."),
      ("training_plan", "A training plan for school safeguarding leads for the coming year."))),
    ("missing", "{area} missing from home and care meeting", "advised", 42,
     (("procedure", "Return home interview procedure: the service's questions on exploitation added."),)),
)
CONTRIBUTIONS = {
    "exploitation_panel": ("Shared themes from our cases: older males in cars, parties at a flat. Took two "
                           "actions.", "Presented a case summary without names; agreed joint work with the police."),
    "partnership_subgroup": ("Reported on referrals and training this quarter.",
                             "Led the item on the new referral pathway."),
    "missing": ("Advised on the exploitation risk of young people missing most often.",
                "Shared what return interviews tell us about where young people go."),
}

# Challenges: by stage, who it is raised with and what they answered.
RAISED_WITH = {
    A.CHILDRENS_SOCIAL_CARE: ("The allocated social worker", "The team manager, children's social care",
                              "The head of service, children's social care"),
    A.POLICE: ("The investigating officer", "The detective sergeant", "The detective inspector"),
    A.EDUCATION: ("The designated safeguarding lead", "The head teacher", "The local authority's education "
                                                                           "safeguarding lead"),
}


@dataclass
class _Place:
    key: str
    service: Service
    spoke: Spoke | None
    workers: list  # the hub's workers, or the spoke's
    managers: list
    turn: int = 0

    def people(self, *, managers_first: bool = False) -> list:
        """Who may do the next piece of work here, in the order asked: the place's workers taking
        turns, then the managers (or the managers first, for what a manager usually does)."""
        n, self.turn = len(self.workers), self.turn + 1
        workers = self.workers[self.turn % n:] + self.workers[:self.turn % n] if n else []
        return [*self.managers, *workers] if managers_first else [*workers, *self.managers]


@dataclass
class _Plan:
    """The year's work as (moment, order, what to do), carried out in time order."""

    now: dt.datetime
    events: list = field(default_factory=list)

    def add(self, moment: dt.datetime, do: Callable, **kwargs) -> None:
        # Nothing is recorded in the future, nor in the minute before seeding.
        moment = min(moment, self.now - dt.timedelta(minutes=1))
        self.events.append((moment, len(self.events), do, kwargs))

    def run(self) -> None:
        for moment, _, do, kwargs in sorted(self.events, key=lambda e: (e[0], e[1])):
            with at(moment):
                do(**kwargs)


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _weighted(rng: random.Random, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _afresh(person):
    """The person with their scope read again: the clock has moved since it was last read."""
    person.__dict__.pop("_hubspoke_scope", None)
    return person


def _works_at(person, place: _Place) -> bool:
    return any(p.key == place.key for p in queries.places_for_user(_afresh(person)))


def _worker(place: _Place, people: list):
    """The first of these people who works at the place today."""
    return next((person for person in people if _works_at(person, place)), None)


@transaction.atomic
def seed_engagement(*, seed: int) -> dict[str, int]:
    models = {"consultations": Consultation, "training sessions": TrainingSession,
              "training feedback answers": TrainingFeedback, "prevention sessions": PreventionSession,
              "strategic meetings": StrategicMeeting, "challenges": Challenge, "challenge stages": ChallengeStep}
    if any(model.objects.exists() for model in models.values()):
        return {}
    rng = random.Random(seed + 1213)  # noqa: S311 - synthetic demo data, not secrets
    plan = _Plan(now=timezone.now())
    start = today() - dt.timedelta(days=DAYS)
    agencies = list(Agency.objects.select_related("local_authority").order_by("name"))
    for service in Service.objects.order_by("name"):
        places = _places(service, start)
        if not places:
            continue
        _Service(rng, plan, service, places, start, agencies).plan_year()
    plan.run()
    return {kind: model.objects.count() for kind, model in models.items()}


def _places(service: Service, start: dt.date) -> list[_Place]:
    """The hub and each spoke that had someone working at it in the year, hub first."""
    staff = list(Membership.objects.filter(Q(service=service) | Q(spoke__service=service))
                 .filter(role__in=[Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER])
                 .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
                 .select_related("person").order_by("starts_on", "pk"))
    managers = list(dict.fromkeys(m.person for m in staff if m.role == Role.SERVICE_MANAGER))
    hub_workers = list(dict.fromkeys(m.person for m in staff if m.role == Role.HUB_WORKER))
    places = [_Place(str(service.uuid), service, None, hub_workers, managers)] if hub_workers or managers else []
    spokes = Spoke.objects.filter(service=service).select_related("host_agency", "local_authority").order_by("name")
    for spoke in spokes:
        workers = list(dict.fromkeys(m.person for m in staff
                                     if m.role == Role.SPOKE_WORKER and m.spoke_id == spoke.pk))
        if workers:
            places.append(_Place(f"{service.uuid}:{spoke.uuid}", service, spoke, workers, managers))
    return places


class _Service:
    """One service's year, planned from the generator in a fixed order."""

    def __init__(self, rng, plan, service, places, start, agencies):
        self.rng, self.plan, self.service, self.places, self.start = rng, plan, service, places, start
        self.hub = places[0] if places[0].spoke is None else None
        area = [p.spoke.local_authority_id for p in places if p.spoke]
        self.agencies = [a for a in agencies if a.local_authority_id in area]
        self.area = self._area_name()

    def _area_name(self) -> str:
        """The area the partnership's meetings are named after: the county, if a spoke is in one."""
        areas = sorted({s.local_authority for s in Spoke.objects.filter(service=self.service)
                        .select_related("local_authority")},
                       key=lambda la: (not la.ons_code.startswith("E10"), la.name))
        return areas[0].name if areas else self.service.name

    def day(self) -> dt.date:
        """A working day of the year, before today."""
        return _weekday(self.start + dt.timedelta(days=self.rng.randint(0, DAYS - 1)))

    def plan_year(self) -> None:
        for place in self.places:
            for _ in range(CONSULTATIONS_PER_PLACE + self.rng.randint(-3, 3)):
                self.consultation(place)
            for _ in range(TRAINING_PER_PLACE + self.rng.randint(-1, 1)):
                self.training(place, TRAINING[self.rng.randrange(len(TRAINING))])
            for _ in range(PREVENTION_PER_PLACE + self.rng.randint(-2, 2)):
                self.prevention(place)
        # The taxi and private hire drivers' training: with the licensing team, twice a year.
        for n in range(2):
            self.training(self.rng.choice(self.places), TAXI,
                          day=_weekday(self.start + dt.timedelta(days=60 + 180 * n + self.rng.randint(0, 60))))
        self.referred()
        self.meetings()
        self.challenges()

    # --- Consultations ---------------------------------------------------------------------

    def _asked(self, place: _Place, agency_type: str | None = None) -> dict:
        rng = self.rng
        host = place.spoke.host_agency.agency_type if place.spoke and place.spoke.host_agency_id else None
        kinds = [(t, w * (3 if t == host else 1)) for t, w in ASKED_BY]
        agency_type = agency_type or _weighted(rng, kinds)
        concern, advice = rng.choice(CONCERNS[agency_type])
        nearby = [a for a in self.agencies if a.agency_type == agency_type]
        return {"agency_type": agency_type, "agency": rng.choice(nearby) if nearby and rng.random() < 0.6 else None,
                "professional_role": rng.choice(ROLES[agency_type]), "method": _weighted(rng, METHODS),
                "concern": concern, "advice": advice}

    def consultation(self, place: _Place) -> None:
        rng, day = self.rng, self.day()
        outcome = _weighted(rng, (("advice_only", 62), ("signposted", 25), ("referral_expected", 13)))
        fields = {**self._asked(place), "held_on": day, "outcome": outcome,
                  "signposted_to": rng.choice(SIGNPOSTED) if outcome == "signposted" else ""}
        self.plan.add(_moment(day, rng.randint(9, 16), rng.choice((0, 20, 40))), _record_consultation,
                      place=place, people=place.people(), fields=fields, state={})

    def referred(self) -> None:
        """A few of the year's referrals followed a consultation a few days before: recorded on
        the day as "they will make a referral", linked to the referral once it was accepted (or,
        if it was not, once it came)."""
        professional = PROFESSIONAL_PATHWAYS
        since = _moment(self.start + dt.timedelta(days=7), 0)
        found = list(Referral.objects.filter(service=self.service, received_at__gte=since,
                                             pathway__in=list(professional))
                     .annotate(accepted_at=Min("decisions__decided_at",
                                               filter=Q(decisions__kind=DecisionKind.ACCEPTED)))
                     .order_by("received_at", "pk"))
        by_key = {p.key: p for p in self.places}
        for referral in self.rng.sample(found, k=min(REFERRALS_FROM_CONSULTATIONS, len(found))):
            key = f"{self.service.uuid}:{referral.spoke.uuid}" if referral.spoke_id else str(self.service.uuid)
            place = by_key.get(key) or self.hub
            if place is None:
                continue
            received = referral.received_at
            day = _weekday(timezone.localdate(received) - dt.timedelta(days=self.rng.randint(2, 6)))
            fields = {**self._asked(place, professional[referral.pathway]), "held_on": day,
                      "outcome": "referral_expected", "signposted_to": ""}
            state: dict = {}
            self.plan.add(_moment(day, self.rng.randint(9, 15), 30), _record_consultation, place=place,
                          people=place.people(), fields=fields, state=state)
            accepted = referral.accepted_at
            linked = accepted if accepted and accepted - received < dt.timedelta(days=14) else received
            self.plan.add(linked + dt.timedelta(hours=1), _link_referral, state=state, referral=referral)

    # --- Training ----------------------------------------------------------------------------

    def training(self, place: _Place, what, *, day: dt.date | None = None) -> None:
        rng = self.rng
        topic, minutes, shares, materials = what
        day = day or self.day()
        size = rng.randint(15, 40) if what is TAXI else rng.randint(8, 30)
        total_share = sum(s for _, s in shares)
        audience = {name: round(size * share / total_share) for name, share in shares}
        if not any(audience.values()):
            audience[shares[0][0]] = 1
        attended = sum(audience.values())
        co = "The council's licensing officer" if what is TAXI else rng.choice(CO_TRAINERS)
        fields = {"held_on": day, "topic": topic, "minutes": minutes, "attended": attended, "audience": audience,
                  "co_trainers": co, "materials": materials}
        state: dict = {}
        # Written up at the end of the day.
        self.plan.add(_moment(day, 17, 30), _record_training, place=place, people=place.people(),
                      fields=fields, state=state)
        if rng.random() < 0.25:
            return  # no feedback asked for
        # Later in the year, the sessions have been refined: participants leave a little more confident.
        progress = (day - self.start).days / DAYS
        for _ in range(max(1, round(attended * rng.uniform(0.25, 0.6)))):
            before = _weighted(rng, ((1, 15), (2, 35), (3, 35), (4, 12), (5, 3)))
            gain = _weighted(rng, ((0, 20 - 10 * progress), (1, 40), (2, 30 + 10 * progress), (3, 10)))
            later = _weighted(rng, ((0, 6), (1, 2), (2, 1), (5, 1)))
            given = day + dt.timedelta(days=later)
            if given >= today():
                continue
            # On the day, after the session (and its record); or in the days after.
            hour = rng.randint(18, 21) if not later else rng.randint(9, 21)
            self.plan.add(_moment(given, hour, rng.randint(0, 59)), _give_feedback, state=state,
                          answers={"confidence_before": before, "confidence_after": min(5, before + gain),
                                   "will_do": rng.choice(WILL_DO)})

    # --- Prevention --------------------------------------------------------------------------

    def prevention(self, place: _Place) -> None:
        rng = self.rng
        setting = _weighted(rng, (("school", 55), ("college", 12), ("alternative", 10), ("youth_venue", 12),
                                  ("residential", 4), ("community", 7)))
        day = self.day()
        if setting in ("school", "college") and day.month == 8:
            day = _weekday(day + dt.timedelta(days=31))
            if day >= today():
                day = _weekday(day - dt.timedelta(days=62))
        if setting == "school":
            year = rng.randint(7, 11)
            fmt = _weighted(rng, (("lesson", 6), ("assembly", 2), ("small_group", 2), ("programme", 1)))
            name = f"Year {year} at {rng.choice(SCHOOLS)}"
            bands = {7: (("age_11_13", 1),), 8: (("age_11_13", 1),), 9: (("age_11_13", 1), ("age_14_15", 3)),
                     10: (("age_14_15", 1),), 11: (("age_14_15", 2), ("age_16_17", 1))}[year]
        elif setting == "college":
            fmt = _weighted(rng, (("lesson", 3), ("assembly", 1), ("drop_in", 2)))
            name = rng.choice(COLLEGES)
            bands = (("age_16_17", 6), ("age_18_over", 1))
        else:
            fmt = _weighted(rng, (("small_group", 4), ("programme", 2), ("drop_in", 2)))
            name = rng.choice(VENUES[setting])
            bands = (("age_11_13", 1), ("age_14_15", 3), ("age_16_17", 2), ("age_not_known", 1))
        size = {"assembly": (90, 220), "lesson": (22, 32), "small_group": (5, 10), "programme": (6, 12),
                "drop_in": (8, 25)}[fmt]
        reached = rng.randint(*size)
        ages = dict.fromkeys((b for b, _ in AGE_BANDS), 0)
        for _ in range(reached):
            ages[_weighted(rng, bands)] += 1
        girls = round(reached * rng.uniform(0.4, 0.6)) if setting in ("school", "college") else \
            round(reached * rng.uniform(0.5, 0.8))
        other = 1 if reached > 20 and rng.random() < 0.3 else 0
        not_known = 2 if fmt == "assembly" and rng.random() < 0.5 else 0
        genders = {"girls": girls, "boys": reached - girls - other - not_known, "gender_other": other,
                   "gender_not_known": not_known}
        fields = {"held_on": day, "setting": setting, "setting_name": name, "format": fmt,
                  "topics": rng.sample(TOPICS[setting], k=rng.randint(1, 3)),
                  "minutes": {"assembly": 30, "lesson": 50, "drop_in": 120}.get(fmt, 90), "reached": reached,
                  "ages": ages, "genders": genders,
                  "follow_up_referrals": _weighted(rng, ((0, 8), (1, 2), (2, 1))) if fmt != "assembly" else 0,
                  "notes": rng.choice(PREVENTION_NOTES)}
        self.plan.add(_moment(day, 16, rng.choice((0, 30))), _record_prevention, place=place,
                      people=place.people(), fields=fields)

    # --- Meetings ----------------------------------------------------------------------------

    def meetings(self) -> None:
        rng = self.rng
        for kind, title, role, every, outputs in MEETINGS:
            day = self.start + dt.timedelta(days=rng.randint(3, every))
            while day < today():
                held = _weekday(day)
                # The manager sits on the panel and the subgroup; whoever holds the most missing
                # young people goes to the missing meeting.
                place = self.hub if kind != "missing" or self.hub is None or len(self.places) == 1 \
                    else rng.choice(self.places[1:])
                place = place or self.places[0]
                made = [o for o in outputs if rng.random() < 0.15]
                fields = {"held_on": held, "kind": kind, "title": title.format(area=self.area),
                          "role": "chair" if kind == "partnership_subgroup" and rng.random() < 0.2 else role,
                          "contribution": rng.choice(CONTRIBUTIONS[kind]), "outputs": [o for o, _ in made],
                          "output_note": " ".join(note for _, note in made)}
                self.plan.add(_moment(held, 16, 45), _record_meeting, place=place, fields=fields,
                              people=place.people(managers_first=kind != "missing"))
                day += dt.timedelta(days=every)

    # --- Challenges --------------------------------------------------------------------------

    def challenges(self) -> None:
        rng = self.rng
        first = self.service.name == "Street Safe Lancashire"
        cases = list(Case.objects.filter(service=self.service, status=CaseStatus.OPEN,
                                         opened_at__lt=_moment(today() - dt.timedelta(days=150), 0))
                     .select_related("spoke").order_by("opened_at", "pk"))
        rng.shuffle(cases)
        leads = {a.case_id: a.worker for a in Allocation.objects.filter(
            case__in=cases, role=AllocationRole.LEAD, ends_at__isnull=True).select_related("worker")}
        csc = next((a for a in self.agencies if a.agency_type == A.CHILDRENS_SOCIAL_CARE), None)
        # About a case social care closed: taken to the senior manager; still open at the first
        # service (its manager's home page shows it), ended with a change at some others.
        if cases:
            case = cases[0]
            self.challenge(case=case, people=[leads[case.pk]] if case.pk in leads else [], about="case_closed",
                           agency_type=A.CHILDRENS_SOCIAL_CARE, agency=csc, days_ago=rng.randint(70, 110), stages=3,
                           ended=None if first or rng.random() < 0.5 else "changed",
                           issue="Children's social care closed the case after one visit although she is still "
                                 "going missing and the older males are still in contact.",
                           responses=("The case was closed because the risk was assessed as reduced.",
                                      "The team manager will review the assessment with our worker's chronology.",
                                      "Case reopened; a strategy discussion was held the following week."))
        # About a child's plan: raised with the social worker recently, still open.
        if len(cases) > 1:
            case = cases[1]
            self.challenge(case=case, people=[leads[case.pk]] if case.pk in leads else [], about="childs_plan",
                           agency_type=A.CHILDRENS_SOCIAL_CARE, agency=csc, days_ago=rng.randint(25, 40),
                           stages=2 if first else 1, ended=None,
                           issue="The child's plan has no action on the exploitation risk, and our worker is not "
                                 "invited to the core group.",
                           responses=("The social worker will ask the team manager about adding our worker to the "
                                      "core group.",))
        # A referral screened out at the front door: escalated to the team manager, who changed it.
        place = rng.choice(self.places)
        self.challenge(place=place, people=place.people(), about="screened_out",
                       agency_type=A.CHILDRENS_SOCIAL_CARE, agency=csc, days_ago=rng.randint(120, 300), stages=2,
                       ended="changed",
                       issue="A referral about a girl missing every weekend was screened out as no further action "
                             "at the front door.",
                       responses=("The screening decision stood: no new information at the time.",
                                  "Having read our information, the team manager opened an assessment."))
        self.dispute()

    def challenge(self, *, people, about, agency_type, days_ago, stages, ended, issue, responses, case=None,
                  place=None, agency=None, direction="by_service", referral=None, raised=None) -> None:
        """A challenge raised ``days_ago`` and taken up to ``stages``, each stage answered in turn
        (the last one only if it has ended), then ``ended`` (an outcome) or left open."""
        rng = self.rng
        day = _weekday(today() - dt.timedelta(days=days_ago))
        place = place or self.hub or self.places[0]
        if case is not None:
            key = f"{self.service.uuid}:{case.spoke.uuid}" if case.spoke_id else str(self.service.uuid)
            place = next((p for p in self.places if p.key == key), place)
        state: dict = {}
        steps = raised or RAISED_WITH[agency_type]
        self.plan.add(_moment(day, 15), _record_challenge, place=place, people=[*people, *place.people()],
                      state=state, fields={
                          "held_on": day, "direction": direction, "about": about, "agency_type": agency_type,
                          "issue": issue, "stage": 1, "raised_with": steps[0], "agency": agency, "case": case,
                          "referral": referral})
        when = day
        for stage in range(1, stages + 1):
            if stage > 1:
                when = _weekday(when + dt.timedelta(days=rng.randint(5, 12)))
                if when >= today():
                    return
                # A manager takes it to the next stage.
                self.plan.add(_moment(when, 11), _escalate, state=state, stage=stage, raised_on=when,
                              raised_with=steps[stage - 1])
            answered = _weekday(when + dt.timedelta(days=rng.randint(3, 8)))
            last = stage == stages
            if stage <= len(responses) and answered < today() and (ended or not last or stages == 1):
                self.plan.add(_moment(answered, 14), _respond, state=state, stage=stage,
                              response=responses[stage - 1], response_on=answered)
                when = answered
        if ended:
            end = _weekday(when + dt.timedelta(days=rng.randint(1, 5)))
            if when <= end < today():
                self.plan.add(_moment(end, 16), _end, state=state, outcome=ended, ended_on=end, note=responses[-1])

    def dispute(self) -> None:
        """A referrer disputed a decision to decline their referral: raised with the manager, who
        explained it."""
        since = _moment(self.start, 0)
        declined = (ReferralDecision.objects.filter(referral__service=self.service, kind=DecisionKind.DECLINED,
                                                    referral__status=ReferralStatus.DECLINED, decided_at__gte=since,
                                                    decided_at__lt=_moment(today() - dt.timedelta(days=40), 0))
                    .exclude(referral__referring_agency__isnull=True)
                    .select_related("referral__referring_agency", "referral__spoke").order_by("decided_at", "pk")
                    .first())
        if declined is None or self.hub is None:
            return
        referral = declined.referral
        days_ago = (today() - timezone.localdate(declined.decided_at)).days - self.rng.randint(2, 5)
        self.challenge(people=self.hub.managers, about="triage", direction="of_service", referral=referral,
                       agency_type=referral.referring_agency.agency_type, agency=referral.referring_agency,
                       days_ago=max(days_ago, 1), stages=1, ended="explained", raised=("The service manager",),
                       issue="The referrer disagreed with our decision to decline: they see the risk as higher "
                             "than the referral showed.",
                       responses=("Explained our criteria and the signposting; agreed they will refer again with the "
                                  "new information if the missing episodes continue.",))


# --- Carrying out the plan: each step by whoever works at the place that day -------------------


def _record_consultation(*, place, people, fields, state):
    actor = _worker(place, people)
    if actor is not None:
        state["fields"] = fields
        state["record"] = actions.record_consultation(actor=actor, place=place.key, **fields)


def _link_referral(*, state, referral):
    """The referral came: the consultation names it (and, once accepted, its young person)."""
    record = state.get("record")
    if record is None:
        return
    actor = _afresh(record.worker)
    if queries.referrals_for(actor).filter(pk=referral.pk).exists():
        actions.record_consultation(actor=actor, instance=record, referral=referral,
                                    **{**state["fields"], "outcome": "referral_made"})


def _record_training(*, place, people, fields, state):
    actor = _worker(place, people)
    if actor is not None:
        state["record"] = actions.record_training(actor=actor, place=place.key, **fields)


def _give_feedback(*, state, answers):
    session = state.get("record")
    if session is not None and session.feedback_until >= today():
        actions.give_feedback(session=session, **answers)


def _record_prevention(*, place, people, fields):
    actor = _worker(place, people)
    if actor is not None:
        actions.record_prevention(actor=actor, place=place.key, **fields)


def _record_meeting(*, place, people, fields):
    actor = _worker(place, people)
    if actor is not None:
        actions.record_meeting(actor=actor, place=place.key, **fields)


def _record_challenge(*, place, people, state, fields):
    """By the first who works at the place today and, for a challenge about a case, may see it."""
    case = fields["case"]
    for person in people:
        if _works_at(person, place) and (case is None or queries.cases_visible(person).filter(pk=case.pk).exists()):
            state["record"] = actions.record_challenge(actor=person, place=place.key, **fields)
            return


def _manager_of(challenge):
    """A manager of the challenge's service today; else whoever raised it."""
    for m in Membership.objects.filter(service=challenge.service, role=Role.SERVICE_MANAGER).select_related(
            "person").order_by("starts_on", "pk"):
        if scoping.can_manage_service(_afresh(m.person), challenge.service_id):
            return m.person
    return _afresh(challenge.worker)


def _escalate(*, state, stage, raised_on, raised_with):
    challenge = state.get("record")
    if challenge is not None and challenge.is_open:
        actions.escalate(actor=_manager_of(challenge), challenge=challenge, stage=stage, raised_on=raised_on,
                         raised_with=raised_with)


def _respond(*, state, stage, response, response_on):
    challenge = state.get("record")
    step = challenge.steps.filter(stage=stage).first() if challenge is not None else None
    if step is not None:
        actor = _afresh(challenge.worker) if stage == 1 else _manager_of(challenge)
        actions.record_response(actor=actor, challenge=challenge, step=step, response=response,
                                response_on=response_on)


def _end(*, state, outcome, ended_on, note):
    challenge = state.get("record")
    if challenge is not None:
        state["record"] = actions.end_challenge(actor=_manager_of(challenge), challenge=challenge, outcome=outcome,
                                                ended_on=ended_on, note=note)
