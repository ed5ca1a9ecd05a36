"""Synthetic information sharing for the demo, made through the sharing app's own actions, each
by the person who would do it and on the day it happened (the clock is moved there):

- **agreements**: each service's multi-agency agreement with the police, children's social care,
  health and youth justice agencies of its area, and a hosting agreement with most of its other
  spokes' host agencies; made by the service's manager when the spokes opened, most with a signed
  PDF, reviewed (a second version) or left past their review date; the first hosting agreement
  (services in order of name) has ended, its renewal not yet signed;
- **consent** recorded by the lead worker soon after a case opens for most young people (some
  refusing, a few given by a parent or carer), and withdrawn by a few later;
- **disclosures** through the one door: mostly under an agreement to the statutory partners,
  some under consent (health, school), and a few one-off safeguarding decisions by a manager
  where the young person refused or withdrew and the risk rose;
- **decisions not to share**, and **requests** from the demo's partner accounts about the young
  people their agency referred: most answered (shared, or not), the recent ones still open.

Every event is planned first (one ``random.Random``, in a fixed order) and then applied in time
order, so that each disclosure meets the agreement version and the consent that stood that day.
Idempotent in the simplest way: if the demo's agreements exist, nothing is created.

It lives with the cases app, not the sharing app, because it reads the cases (who leads each,
when its work ended) and the cases app sits above sharing in the layers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hubspoke.cases.demo import last_links, planned_end
from hubspoke.cases.demo_casework import _before, _leads
from hubspoke.lib.dates import today
from hubspoke.network import demo as network_demo
from hubspoke.network.demo import at
from hubspoke.network.models import Agency, AgencyType, Membership, Role, Service, Spoke
from hubspoke.network.scoping import current_memberships_q
from hubspoke.notifications import actions as notification_actions
from hubspoke.notifications.models import Notification
from hubspoke.referrals.models import Referral
from hubspoke.sharing import actions
from hubspoke.sharing.categories import Article6, Article9, Category
from hubspoke.sharing.models import Agreement, ConsentDecision, ConsentGiver, ConsentMethod, Route

C = Category
STATUTORY = frozenset({AgencyType.POLICE, AgencyType.CHILDRENS_SOCIAL_CARE, AgencyType.HEALTH_SARC,
                       AgencyType.HEALTH_CAMHS, AgencyType.HEALTH_OTHER, AgencyType.YOUTH_JUSTICE})
HEALTH = frozenset({AgencyType.HEALTH_SARC, AgencyType.HEALTH_CAMHS, AgencyType.HEALTH_OTHER})
MULTI_AGENCY_CATEGORIES = [C.IDENTITY, C.REFERRAL, C.RISK, C.PLAN, C.MISSING]
HOSTING_CATEGORIES = [C.IDENTITY, C.REFERRAL, C.PLAN]

ADULT_FIRST = ("Alison", "Andrew", "Carol", "David", "Donna", "Gareth", "Helen", "Ian", "Julie", "Karen", "Lisa",
               "Mark", "Michelle", "Neil", "Paul", "Rachel", "Sarah", "Simon", "Tracey", "Wendy")
ADULT_LAST = ("Ashworth", "Barlow", "Crossley", "Dunmore", "Everett", "Fenwick", "Garside", "Holt", "Kershaw",
              "Lomax", "Marsden", "Nuttall", "Pilling", "Rigby", "Sowerby", "Thwaite", "Whittle", "Yardley")
ROLES = {
    AgencyType.POLICE: ("Detective constable, exploitation team", "Detective sergeant, missing and exploitation"),
    AgencyType.CHILDRENS_SOCIAL_CARE: ("Social worker", "Team manager, exploitation team"),
    AgencyType.HEALTH_SARC: ("Crisis worker", "Paediatric nurse"),
    AgencyType.HEALTH_CAMHS: ("Clinical psychologist", "CAMHS practitioner"),
    AgencyType.HEALTH_OTHER: ("School nurse", "Sexual health nurse"),
    AgencyType.YOUTH_JUSTICE: ("Youth justice officer", "Case manager"),
    AgencyType.EDUCATION: ("Designated safeguarding lead", "Head of year"),
    AgencyType.HOUSING: ("Support worker", "Housing officer"),
}
SIGNER_ROLES = {
    AgencyType.POLICE: "Detective Chief Inspector, public protection",
    AgencyType.CHILDRENS_SOCIAL_CARE: "Head of safeguarding, children's services",
    AgencyType.YOUTH_JUSTICE: "Head of youth justice",
    AgencyType.EDUCATION: "Headteacher",
    AgencyType.HOUSING: "Service manager",
    AgencyType.VOLUNTARY: "Chief executive",
}

AGREEMENT_SUMMARIES = {
    C.RISK: ("Latest risk level (significant) and the assessment summary: older males contacting her online; "
             "two missing episodes this month.",
             "Risk level raised to high after the last review; the main concerns and who she is with."),
    C.MISSING: ("Dates and times of the last missing episode, where she was found and who she was with.",),
    C.PLAN: ("The safety plan agreed with her and what each agency is doing this month.",
             "Actions from the plan that need the partner: a joint visit and the school timetable."),
    C.REFERRAL: ("Why she was referred and the concerns at the time of the referral.",),
    C.IDENTITY: ("Name, date of birth and current address.",),
    C.HEALTH: ("She has been seen at the clinic and agreed to follow-up appointments.",),
}
AGREEMENT_REASONS = (
    "Strategy discussion about the risk of sexual exploitation.",
    "Exploitation panel this week: the partner needs the current picture.",
    "Return home interview after a missing episode; to join up the safety plan.",
    "Child protection review: the social worker asked for our assessment.",
)
CONSENT_SHARES = (
    ([C.HEALTH], "She asked us to tell the clinic she is coming and why; the nurse knows what to expect.",
     "To make the appointment easier for her, as she asked."),
    ([C.PLAN], "What we are working on together, so school can support the plan on weekdays.",
     "She wanted her head of year to know what she is working on."),
    ([C.IDENTITY, C.REFERRAL], "Her details and why she was referred, for the referral she agreed to.",
     "Referral on to another service, which she agreed to."),
)
SAFEGUARDING_REASONS = (
    "She refused consent, but last night she was found in a car with two adult men who are known to police "
    "and she had been given alcohol; we judge she is at immediate risk of serious harm and police must know "
    "now to act.",
    "Consent was withdrawn, but she has disclosed that an adult is arranging for her to be taken to another "
    "city at the weekend; the risk of significant harm outweighs her wish, and police need the details today.",
)
NOT_SHARED = (
    ([C.RESTRICTED], "Her full case notes, for a school attendance meeting.",
     "The school's need is met by the attendance dates, which it holds; the case notes hold disclosures she "
     "made in confidence and sharing them would not be proportionate."),
    ([C.RESTRICTED], "Whether she has disclosed anything about her older brother.",
     "She has not agreed, there is no current risk of significant harm that would justify sharing without "
     "consent, and the question is for the police investigation to put to her with an appropriate adult."),
    ([C.RISK], "A copy of the risk assessment, for a housing application.",
     "Not necessary for the purpose: we confirmed she is supported by us, which is all the application needs."),
)
REQUESTS = (
    ([C.RISK], "The current risk level and whether anything has changed since the strategy meeting.",
     "She was reported missing again on Friday and we are planning a return home interview."),
    ([C.PLAN, C.RISK], "What the plan is and who she is seeing from your service.",
     "We are reviewing the child protection plan next week and need your view of the risk."),
    ([C.MISSING], "Anything you know about where she goes when she is missing.",
     "An address has come up in another investigation and we want to know if it is linked."),
)
WITHDRAWALS = (
    "I don't want the police knowing my business any more. I'll still see you.",
    "My mum said I shouldn't have agreed to it. I don't want anything passed on.",
    "I want to start again and not have everyone talking about me.",
)
COMPETENCE = (
    "Talked it through at her pace; she could say back in her own words who we would tell and why.",
    "Understood what sharing means and that she can change her mind; asked good questions about the police.",
    "Needed it explained twice with the picture cards; then clear about what she agreed to.",
)


@dataclass
class _Version:
    at: dt.datetime
    fields: dict
    document: bool
    change_note: str = ""


@dataclass
class _AgreementPlan:
    key: int
    service: Service
    parties: list[Agency]
    versions: list[_Version] = field(default_factory=list)
    agreement: Agreement | None = None  # once made
    current: object = None  # the current AgreementVersion, once made

    def in_force(self, moment: dt.datetime) -> _Version | None:
        made = [v for v in self.versions if v.at <= moment]
        if not made:
            return None
        v, day = made[-1], timezone.localdate(moment)
        ends = v.fields["ends_on"]
        return v if v.fields["starts_on"] <= day and (ends is None or ends >= day) else None


@dataclass(order=True)
class _Event:
    at: dt.datetime
    n: int
    kind: str = field(compare=False)
    args: dict = field(compare=False, default_factory=dict)


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF that says what it stands for: enough for a reader to open, written by hand
    (objects, cross-reference table and trailer with their byte offsets)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:80]
    stream = f"BT /F1 12 Tf 56 780 Td (Signed copy: {text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class _Planner:
    def __init__(self, rng: random.Random, *, seed: int):
        self.rng, self.seed = rng, seed
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.events: list[_Event] = []
        self.agreements: list[_AgreementPlan] = []
        # Ordered in Python, never by the database: PostgreSQL's collation and SQLite's differ on
        # punctuation, and the demo must be the same on both.
        self.managers = {
            m.service_id: m.person
            for m in sorted(Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER)
                            .select_related("person"), key=lambda m: (m.person.email, m.pk))
        }
        self.starts = network_demo.record_starts()
        self.overridden = 0  # cases where she refused or withdrew and a share might override it
        self.one_ended = False

    def moment(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = hour if hour is not None else self.rng.choice((9, 10, 11, 14, 15, 16))
        when = dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 10, 20, 30, 40, 50))), tzinfo=self.tz)
        return _before(when, self.now)

    def add(self, moment: dt.datetime, kind: str, **args) -> None:
        self.events.append(_Event(moment, len(self.events), kind, args))

    def person(self) -> str:
        return f"{self.rng.choice(ADULT_FIRST)} {self.rng.choice(ADULT_LAST)}"

    # -- agreements --

    def agreements_of(self, service: Service, spokes: list[Spoke], agencies: list[Agency]) -> None:
        rng = self.rng
        las = {s.local_authority_id for s in spokes}
        statutory = [a for a in agencies if a.local_authority_id in las and a.agency_type in STATUTORY]
        opened = max(min((s.starts_on for s in spokes), default=self.starts), self.starts)
        if statutory:
            self.agreement(service, statutory, opened, title=f"{service.name}: multi-agency information-sharing "
                           "agreement", categories=MULTI_AGENCY_CATEGORIES,
                           purpose="Sharing what each agency knows about children at risk of sexual exploitation, "
                           "so that strategy discussions, panels and plans rest on the whole picture.")
        for spoke in spokes:
            host = spoke.host_agency
            if host is None or host.agency_type in STATUTORY:
                continue
            ended = not self.one_ended
            self.one_ended = True
            if not ended and rng.random() < 0.2:
                continue  # still being negotiated
            self.agreement(service, [host], max(spoke.starts_on, self.starts),
                           title=f"{spoke.name}: hosting and information-sharing agreement with {host.name}",
                           categories=HOSTING_CATEGORIES, ended=ended,
                           purpose="The spoke worker is based with the host agency; what each may tell the other "
                           "about the young people the spoke works with.")

    def agreement(self, service, parties, opened: dt.date, *, title, categories, purpose, ended=False):
        rng = self.rng
        start = opened + dt.timedelta(days=rng.randint(0, 20))
        review = start + dt.timedelta(days=rng.choice((365, 365, 545, 730)))
        on = today()
        fields = {"title": title[:200], "purpose": purpose, "article6": Article6.LEGITIMATE_INTERESTS,
                  "article9": Article9.SAFEGUARDING, "categories": list(categories), "starts_on": start,
                  "review_on": review, "ends_on": None}
        plan = _AgreementPlan(key=len(self.agreements), service=service, parties=parties)
        if ended:
            fields["ends_on"] = max(start, on - dt.timedelta(days=rng.randint(40, 90)))
            fields["review_on"] = max(start, min(review, fields["ends_on"]))
        plan.versions.append(_Version(self.moment(start), fields, document=rng.random() < 0.7))
        if not ended and review < on - dt.timedelta(days=30) and rng.random() < 0.6:
            # Reviewed (a little late, sometimes): the terms start again, with one more kind of
            # information where the first version left it out.
            revised = review + dt.timedelta(days=rng.randint(-20, 25))
            more = list(categories) if C.MISSING in categories or rng.random() < 0.5 else [*categories, C.MISSING]
            plan.versions.append(_Version(
                self.moment(revised),
                {**fields, "categories": more, "starts_on": revised,
                 "review_on": revised + dt.timedelta(days=rng.choice((365, 730)))},
                document=rng.random() < 0.5,
                change_note="Annual review: contacts and signatories brought up to date"
                + ("; missing episodes added." if more != list(categories) else "."),
            ))
        self.agreements.append(plan)
        for number, version in enumerate(plan.versions, 1):
            self.add(version.at, "agreement", plan=plan, number=number)

    def signatories(self, plan: _AgreementPlan, version: _Version) -> list[dict]:
        signed_on = version.fields["starts_on"]
        manager = self.managers[plan.service.pk]
        rows = [{"agency": None, "name": manager.full_name, "role": "Service manager", "signed_on": signed_on}]
        rows += [{"agency": a, "name": self.person(), "role": SIGNER_ROLES.get(a.agency_type, "Director"),
                  "signed_on": signed_on} for a in plan.parties]
        return rows

    def covering(self, service_id: int, agency_id: int, categories, moment) -> _AgreementPlan | None:
        for plan in self.agreements:
            version = plan.in_force(moment) if plan.service.pk == service_id else None
            if version and agency_id in {a.pk for a in plan.parties} and set(categories) <= set(
                    version.fields["categories"]):
                return plan
        return None

    # -- one young person's sharing --

    def case(self, case, worker, *, spokes: list[Spoke], agencies: list[Agency], referral: Referral | None) -> None:
        rng = self.rng
        service = case.service
        ends = planned_end(case, seed=self.seed, last_linked=case.last_linked) or self.now
        span = (ends - case.opened_at).days
        if span < 10 or rng.random() < 0.25:
            return
        local = [a for a in agencies if a.local_authority_id in {s.local_authority_id for s in spokes}]
        statutory = [a for a in local if a.agency_type in STATUTORY]
        others = [a for a in local if a.agency_type not in STATUTORY]
        if not statutory:
            return
        consented = self.moment(timezone.localdate(case.opened_at + dt.timedelta(days=rng.randint(3, min(21, span)))))
        refused = rng.random() < 0.12
        parent = not refused and rng.random() < 0.1
        covers = [C.IDENTITY, C.REFERRAL, C.RISK, C.PLAN] + ([C.HEALTH] if rng.random() < 0.4 else [])
        told = statutory + rng.sample(others, k=min(len(others), 1))
        if referral is not None and referral.referring_agency_id and referral.referring_agency not in told:
            told.append(referral.referring_agency)
        fields = {
            "decision": ConsentDecision.REFUSED if refused else ConsentDecision.GIVEN,
            "given_by": ConsentGiver.PARENT_CARER if parent else ConsentGiver.YOUNG_PERSON,
            "given_by_name": self.person() if parent else "",
            "why_this_person": "She is 12 and asked for her mum to decide with her; she was there and agreed."
            if parent else "",
            "competence_note": rng.choice(COMPETENCE), "categories": covers if not refused else [C.RISK, C.PLAN],
            "method": rng.choice((ConsentMethod.IN_PERSON, ConsentMethod.IN_PERSON, ConsentMethod.WRITTEN)),
            "given_on": timezone.localdate(consented),
            "revisit_on": timezone.localdate(consented) + dt.timedelta(days=rng.choice((90, 180))),
            "notes": "She does not want the police involved." if refused else "",
        }
        consent = {"fields": fields, "agencies": told if not refused else [a for a in statutory
                                                                             if a.agency_type == AgencyType.POLICE]
                   or statutory, "record": None}
        self.add(consented, "consent", actor=worker, case=case, consent=consent)
        withdrawn_at = None
        if not refused and span > 60 and rng.random() < 0.07:
            withdrawn_at = self.moment(timezone.localdate(consented + dt.timedelta(days=rng.randint(30, span - 10))))
            self.add(withdrawn_at, "withdrawal", actor=worker, consent=consent,
                     by=fields["given_by"], words=rng.choice(WITHDRAWALS))

        # Shares over the life of the case, each on a day within it.
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            shared = self.moment(timezone.localdate(
                consented + dt.timedelta(days=rng.randint(1, max(2, span - 5)))))
            if shared >= ends:
                continue
            person = case.young_person
            if rng.random() < 0.72:
                if refused and rng.random() < 0.7:
                    continue  # she said no: most workers share only when the risk calls for it
                categories = rng.choice(([C.RISK], [C.RISK, C.MISSING], [C.PLAN], [C.REFERRAL, C.RISK], [C.PLAN,
                                                                                                         C.RISK]))
                referrer = referral.referring_agency if referral is not None else None
                to = referrer if referrer in statutory and rng.random() < 0.6 else rng.choice(statutory)
                plan = self.covering(person.service_id, to.pk, categories, shared)
                if plan is None:
                    continue
                self.add(shared, "disclosure", actor=worker, person=person, to=to, categories=categories,
                         route=Route.AGREEMENT, plan=plan, reason=rng.choice(AGREEMENT_REASONS),
                         summary=" ".join(rng.choice(AGREEMENT_SUMMARIES[c]) for c in categories))
            elif not refused and (withdrawn_at is None or shared < withdrawn_at):
                categories, summary, reason = rng.choice(CONSENT_SHARES)
                choices = [a for a in consent["agencies"] if (a.agency_type in HEALTH) == (C.HEALTH in categories)]
                if not set(categories) <= set(covers) or not choices:
                    continue
                self.add(shared, "disclosure", actor=worker, person=person, to=rng.choice(choices),
                         categories=categories, route=Route.CONSENT, reason=reason, summary=summary,
                         with_extract=C.IDENTITY in categories)
        # Where she refused or withdrew, and the risk rose: a manager decides to share anyway.
        # One in five of those cases, counted rather than drawn, so that every demo has the
        # safeguarding route however the dates fall on the day it is seeded.
        after = withdrawn_at or consented
        if (refused or withdrawn_at) and (ends - after).days > 6:
            self.overridden += 1
            if self.overridden % 5 == 1:
                police = [a for a in statutory if a.agency_type == AgencyType.POLICE] or statutory
                shared = self.moment(timezone.localdate(after + dt.timedelta(days=rng.randint(3, (ends - after).days
                                                                                              - 2))))
                self.add(shared, "disclosure", actor=self.managers[service.pk], person=case.young_person,
                         to=rng.choice(police), categories=[C.IDENTITY, C.RISK], route=Route.SAFEGUARDING,
                         reason=SAFEGUARDING_REASONS[1 if withdrawn_at else 0],
                         summary="Her name, where she was found, the two men's descriptions and the car's "
                         "registration; the risk level and why we judge the risk immediate.",
                         article6=Article6.VITAL_INTERESTS, article9=Article9.SAFEGUARDING)
        if rng.random() < 0.04:
            categories, what, why = rng.choice(NOT_SHARED)
            asked_by = rng.choice(others or statutory)
            decided = self.moment(timezone.localdate(case.opened_at + dt.timedelta(days=rng.randint(5, span - 2))))
            self.add(decided, "not_shared", actor=worker, service=service, person=case.young_person,
                     asked_by=asked_by, asked_by_name=self.person(), what=what, why=why, categories=categories)

    def request(self, partner, agency: Agency, referral: Referral, *, open_: bool) -> None:
        rng = self.rng
        person = referral.young_person
        categories, what, why = rng.choice(REQUESTS)
        if open_:
            asked = self.moment(timezone.localdate(self.now) - dt.timedelta(days=rng.randint(1, 6)))
        else:
            latest = (self.now - referral.received_at).days - 10
            if latest < 20:
                return
            asked = self.moment(timezone.localdate(referral.received_at + dt.timedelta(days=rng.randint(14, latest))))
        request = {"record": None}
        self.add(asked, "request", actor=partner, agency=agency, service=person.service, person=person,
                 fields={"categories": categories, "what_is_needed": what, "reason": why,
                         "urgency": "urgent" if C.MISSING in categories else "routine"}, request=request)
        if open_:
            return
        answered = self.moment(timezone.localdate(asked + dt.timedelta(days=rng.randint(1, 5))))
        manager = self.managers[person.service_id]
        plan = self.covering(person.service_id, agency.pk, categories, answered)
        if plan is not None and rng.random() < 0.8:
            self.add(answered, "disclosure", actor=manager, person=person, to=agency, categories=categories,
                     route=Route.AGREEMENT, plan=plan, reason=f"Asked by {agency.name}: {why}",
                     summary=" ".join(rng.choice(AGREEMENT_SUMMARIES[c]) for c in categories), request=request)
        else:
            self.add(answered, "not_shared", actor=manager, service=person.service, person=person, asked_by=None,
                     asked_by_name="", what=what, request=request, categories=categories,
                     why="No agreement with your agency covers this, she has not agreed, and nothing suggests a "
                     "risk of significant harm that would justify sharing without consent. We will ask her.")


def _recipient(rng: random.Random, agency: Agency) -> tuple[str, str]:
    roles = ROLES.get(agency.agency_type, ("Safeguarding lead",))
    role = rng.choice(roles)
    rank = "DC " if role.startswith("Detective constable") else "DS " if role.startswith("Detective sergeant") else ""
    return f"{rank}{rng.choice(ADULT_FIRST)} {rng.choice(ADULT_LAST)}", role


def _apply(event: _Event, planner: _Planner, made: dict[str, int]) -> None:
    a, rng = event.args, planner.rng
    with at(event.at):
        if event.kind == "agreement":
            plan, number = a["plan"], a["number"]
            version = plan.versions[number - 1]
            document = (ContentFile(tiny_pdf(version.fields["title"]), name="signed-agreement.pdf")
                        if version.document else None)
            signed = planner.signatories(plan, version)
            manager = planner.managers[plan.service.pk]
            if number == 1:
                plan.agreement = actions.create_agreement(actor=manager, service=plan.service, fields=version.fields,
                                                          parties=plan.parties, signatories=signed, document=document)
                made["agreements"] += 1
            else:
                actions.revise_agreement(actor=manager, agreement=plan.agreement, fields=version.fields,
                                         parties=plan.parties, signatories=signed, document=document,
                                         change_note=version.change_note)
                made["agreement_versions"] += 1
            plan.current = plan.agreement.current
        elif event.kind == "consent":
            consent = a["consent"]
            consent["record"] = actions.record_consent(actor=a["actor"], young_person=a["case"].young_person,
                                                       fields=consent["fields"], agencies=consent["agencies"])
            made["consent_records"] += 1
        elif event.kind == "withdrawal":
            actions.withdraw_consent(actor=a["actor"], consent=a["consent"]["record"],
                                     withdrawn_on=timezone.localdate(event.at), withdrawn_by=a["by"], words=a["words"])
            made["consent_withdrawals"] += 1
        elif event.kind == "request":
            a["request"]["record"] = actions.request_information(
                actor=a["actor"], agency=a["agency"], service=a["service"], fields=a["fields"],
                young_person=a["person"])
            made["information_requests"] += 1
        elif event.kind == "disclosure":
            name, role = _recipient(rng, a["to"])
            asked = a.get("request")
            try:
                actions.record_disclosure(
                    actor=a["actor"], young_person=a["person"], to_agency=a["to"], categories=a["categories"],
                    summary=a["summary"], route=a["route"], reason=a["reason"], recipient_name=name,
                    recipient_role=role, agreement=a["plan"].current if "plan" in a else None,
                    article6=a.get("article6", ""), article9=a.get("article9", ""),
                    with_extract=a.get("with_extract", False),
                    information_request=asked["record"] if asked else None,
                    reauthenticated=a["route"] == Route.SAFEGUARDING,
                )
            except ValidationError:
                if a["route"] != Route.CONSENT:
                    raise
                # A later referral's own consent record (refused, or not asked) can decide for
                # the referring agency since the plan was drawn: the door refuses, as it should,
                # and the worker does not share.
                return
            made["disclosures"] += 1
        elif event.kind == "not_shared":
            asked = a.get("request")
            actions.record_decision_not_to_share(
                actor=a["actor"], service=a["service"], young_person=a["person"], what_was_asked=a["what"],
                reason=a["why"], categories=a["categories"], asked_by_agency=a["asked_by"],
                asked_by_name=a["asked_by_name"],
                information_request=asked["record"] if asked else None)
            made["decisions_not_to_share"] += 1


def _read_old_notifications(now: dt.datetime) -> None:
    """The requests and answers of weeks ago were read the next day; recent ones stay unread."""
    old = Notification.objects.filter(kind__in=[actions.NEW_REQUEST, actions.REQUEST_ANSWERED,
                                                actions.SAFEGUARDING_SHARE], read_at__isnull=True,
                                      created_at__lt=now - dt.timedelta(days=14)).select_related("recipient")
    for told in old.order_by("pk"):
        with at(told.created_at + dt.timedelta(days=1)):
            notification_actions.mark_read(user=told.recipient, notification=told)


@transaction.atomic
def seed_sharing(*, seed: int) -> dict[str, int]:
    made = dict.fromkeys(("agreements", "agreement_versions", "consent_records", "consent_withdrawals",
                          "disclosures", "decisions_not_to_share", "information_requests"), 0)
    if Agreement.objects.exists():
        return made
    rng = random.Random(seed + 1111)  # noqa: S311 (synthetic demo data, not security)
    planner = _Planner(rng, seed=seed)
    agencies = list(Agency.objects.order_by("pk"))
    services = sorted(Service.objects.filter(is_active=True, pk__in=planner.managers), key=lambda s: (s.name, s.pk))
    spokes_of: dict[int, list[Spoke]] = {s.pk: [] for s in services}
    for spoke in Spoke.objects.filter(service__in=services).select_related("host_agency").order_by("pk"):
        spokes_of[spoke.service_id].append(spoke)
    for service in services:
        planner.agreements_of(service, spokes_of[service.pk], agencies)

    # The referral that opened each case (its referring agency is often told too).
    first_referral: dict[int, int] = {}
    for case_id, referral_id in (Referral.objects.filter(case_link__isnull=False).order_by("received_at", "pk")
                                 .values_list("case_link__case_id", "pk")):
        first_referral.setdefault(case_id, referral_id)
    referrals = Referral.objects.select_related("referring_agency").in_bulk(list(first_referral.values()))
    leads = _leads()
    cases = (last_links().filter(service__in=services).select_related("young_person", "service")
             .order_by("opened_at", "pk"))
    for case in cases:
        worker = leads.get(case.pk)
        if worker is None or case.young_person.service_id != case.service_id:
            continue
        planner.case(case, worker, spokes=spokes_of[case.service_id], agencies=agencies,
                     referral=referrals.get(first_referral.get(case.pk)))

    # Partners ask about young people their agency referred.
    partners = sorted(Membership.objects.filter(current_memberships_q(), role=Role.PARTNER).select_related(
        "person", "agency"), key=lambda m: (m.person.email, m.pk))
    for member in partners:
        theirs = list(Referral.objects.filter(referring_agency=member.agency, young_person__isnull=False,
                                              young_person__service=F("service"),
                                              young_person__service__in=services)
                      .select_related("young_person__service").order_by("received_at", "pk"))
        if not theirs:
            continue
        for n, referral in enumerate(rng.sample(theirs, k=min(len(theirs), 4))):
            planner.request(member.person, member.agency, referral, open_=n == 0)

    for event in sorted(planner.events):
        _apply(event, planner, made)
    _read_old_notifications(planner.now)
    return made
