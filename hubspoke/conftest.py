"""The shared test world: two hubs with spokes and agencies, and one persona per role, built
by calling the real actions so that audit rows exist. Every persona has a TOTP authenticator,
so the second-factor rule lets them in."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hubspoke.accounts.models import User
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
    Programme,
    Region,
    Role,
    Service,
    Spoke,
)
from hubspoke.referrals.actions import submit_partner_referral
from hubspoke.referrals.models import Referral

PERSONAS = (
    "manager_a", "hub_worker_a", "worker_a", "partner_a",
    "outsider", "programme_lead", "evaluator", "exchange_lead", "admin",
)
START = dt.date(2025, 1, 6)
# The smallest file that passes for a PDF by its contents (a signed agreement, in tests).
TINY_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path_factory):
    # Uploaded files (signed agreements) go to a folder of the test's own, never to var/.
    settings.HUBSPOKE_PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")
    # Argon2 is deliberately slow; tests need speed, not resistance to cracking.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HUBSPOKE_DEMO = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run as they are enqueued (the outbox's once the transaction commits); the outbox's
    # own tests run the database backend and its worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class World:
    programme: Programme
    service_a: Service
    service_b: Service
    spoke_a1: Spoke
    spoke_a2: Spoke
    spoke_b1: Spoke
    police_a: Agency
    csc_b: Agency
    people: dict[str, User]
    memberships: dict[str, Membership]
    totp_secrets: dict[str, str]
    referral_a: Referral
    made: dict = field(default_factory=dict)

    def case_a(self):
        """A case at spoke A1 led by worker A, from a second referral (Casey Example), made on
        first use so that tests which do not need it see the world unchanged."""
        if "case_a" not in self.made:
            from hubspoke.cases.actions import allocate_referral
            from hubspoke.referrals.actions import accept_referral

            referral = submit_partner_referral(
                actor=self.partner_a, agency=self.police_a, service=self.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name="Casey", subject_last_name="Example"),
            )
            accept_referral(actor=self.manager_a, referral=referral, spoke=self.spoke_a1)
            referral.refresh_from_db()
            self.made["case_a"] = allocate_referral(actor=self.manager_a, referral=referral, worker=self.worker_a)
        return self.made["case_a"]

    def contact_a(self):
        """A contact with a restricted note on case A, recorded by worker A."""
        if "contact_a" not in self.made:
            from django.utils import timezone

            from hubspoke.cases.actions import record_contact

            self.made["contact_a"] = record_contact(actor=self.worker_a, case=self.case_a(), fields={
                "occurred_at": timezone.now(), "method": "face_to_face", "location": "school", "outcome": "attended",
                "present": ["young_person"], "notes": "Talked about who she sees after school.", "restricted": True,
            })
        return self.made["contact_a"]

    def missing_a(self):
        """A missing episode on case A, with restricted details."""
        if "missing_a" not in self.made:
            from django.utils import timezone

            from hubspoke.cases.actions import record_missing_episode

            self.made["missing_a"] = record_missing_episode(actor=self.worker_a, case=self.case_a(), fields={
                "started_at": timezone.now(), "reported_to_police": True, "return_interview": "not_yet",
                "associates": "Two older men in a silver car.", "places": "A flat above the takeaway.",
            })
        return self.made["missing_a"]

    def goal_a(self):
        """A goal in case A's plan, with one action (made on first use)."""
        if "goal_a" not in self.made:
            from hubspoke.cases.actions import add_action, add_goal
            from hubspoke.lib.dates import today

            goal = add_goal(actor=self.worker_a, case=self.case_a(), element="reducing_risk",
                            goal="Feel safe getting home from college.")
            add_action(actor=self.worker_a, goal=goal, action="Plan a safe route home", who="Casey and her worker",
                       due_on=today() + dt.timedelta(days=7))
            self.made["goal_a"] = goal
        return self.made["goal_a"]

    def transfer_a(self):
        """Case A asked to move to South Hub (not yet answered)."""
        if "transfer_a" not in self.made:
            from hubspoke.cases.actions import request_transfer

            self.made["transfer_a"] = request_transfer(actor=self.worker_a, case=self.case_a(),
                                                       to_service=self.service_b,
                                                       handover_summary="Moved to Southshire with her aunt.")
        return self.made["transfer_a"]

    def assessment_a(self):
        """A draft assessment of case A's young person, started by worker A with the small test
        tool (made on first use)."""
        if "assessment_a" not in self.made:
            from hubspoke.assessments.actions import import_tool, start_assessment
            from hubspoke.assessments.tests.tool_examples import SMALL

            tool, _ = import_tool(source=SMALL)
            self.made["assessment_a"] = start_assessment(
                actor=self.worker_a, tool=tool, young_person=self.case_a().young_person
            )
        return self.made["assessment_a"]

    def return_a(self):
        """North Hub's monitoring return for the last quarter that has ended, submitted by its
        manager (version 1). Made on first use."""
        if "return_a" not in self.made:
            from hubspoke.monitoring import actions as monitoring

            monitoring.ensure_returns([self.service_a])
            found = self.service_a.monitoring_returns.order_by("-period_start").first()
            monitoring.submit_return(actor=self.manager_a, monitoring_return=found)
            found.refresh_from_db()
            self.made["return_a"] = found
        return self.made["return_a"]

    def survey_a(self):
        """A snapshot survey of posts opened by the programme lead."""
        if "survey_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.monitoring import actions as monitoring

            self.made["survey_a"] = monitoring.open_survey(actor=self.programme_lead, programme=self.programme,
                                                           as_of=today(), due_on=today() + dt.timedelta(days=30))
        return self.made["survey_a"]

    def api_token_a(self):
        """An API key of the evaluator's: (token, key)."""
        if "api_token_a" not in self.made:
            from hubspoke.monitoring import actions as monitoring

            self.made["api_token_a"] = monitoring.create_api_token(actor=self.evaluator, name="Analysis", days=30)
        return self.made["api_token_a"][0]

    def agreement_a(self):
        """North Hub's information-sharing agreement with Northshire Police (referral and concerns,
        risk level), in force since the world began, made by its manager with its signed PDF."""
        if "agreement_a" not in self.made:
            from django.core.files.uploadedfile import SimpleUploadedFile

            from hubspoke.sharing.actions import create_agreement

            self.made["agreement_a"] = create_agreement(
                actor=self.manager_a, service=self.service_a, parties=[self.police_a],
                fields={"title": "Northshire exploitation protocol",
                        "purpose": "Keeping children safe from exploitation.",
                        "article6": "public_task", "article9": "safeguarding", "categories": ["referral", "risk"],
                        "starts_on": START, "review_on": START + dt.timedelta(days=3650)},
                signatories=[{"agency": None, "name": "Manager A", "role": "Service manager", "signed_on": START},
                             {"agency": self.police_a, "name": "DI Example", "role": "Head of safeguarding",
                              "signed_on": START}],
                document=SimpleUploadedFile("Northshire protocol (signed).pdf", TINY_PDF, "application/pdf"),
            )
        return self.made["agreement_a"]

    def disclosure_a(self):
        """Case A's risk level shared with Northshire Police under agreement A, by worker A."""
        if "disclosure_a" not in self.made:
            from hubspoke.sharing.actions import record_disclosure

            self.made["disclosure_a"] = record_disclosure(
                actor=self.worker_a, young_person=self.case_a().young_person, to_agency=self.police_a,
                recipient_name="DC Example", recipient_role="CSE team", categories=["risk"],
                summary="Risk is high: seen with older men after school.", route="agreement",
                agreement=self.agreement_a().current, reason="For the police's exploitation meeting.",
            )
        return self.made["disclosure_a"]

    def consent_a(self):
        """Case A's young person agreed, with worker A, to share her plan with Northshire Police."""
        if "consent_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.sharing.actions import record_consent

            self.made["consent_a"] = record_consent(
                actor=self.worker_a, young_person=self.case_a().young_person, agencies=[self.police_a],
                fields={"decision": "given", "given_by": "young_person", "method": "in_person",
                        "competence_note": "She said back what would be shared, with whom and why.",
                        "categories": ["plan"], "given_on": today()},
            )
        return self.made["consent_a"]

    def request_a(self):
        """Northshire Police's partner asks North Hub about case A's young person."""
        if "request_a" not in self.made:
            from hubspoke.sharing.actions import request_information

            self.made["request_a"] = request_information(
                actor=self.partner_a, agency=self.police_a, service=self.service_a,
                young_person=self.case_a().young_person,
                fields={"categories": ["risk"], "what_is_needed": "Her current risk level.",
                        "reason": "A strategy meeting on Friday.", "urgency": "routine"},
            )
        return self.made["request_a"]

    # --- The young person's own story (stories) ---

    def story_version_a(self):
        """Version 1 of case A's young person's story, written and finished by worker A (made
        on first use): two parts in her words and the plan's goal."""
        if "story_version_a" not in self.made:
            from hubspoke.stories import actions as story_actions
            from hubspoke.stories import queries as story_queries
            from hubspoke.stories import rules as story_rules

            case = self.case_a()
            draft = {"answers": {"why_we_met": "Someone was worried about you.", "what_next": "We keep meeting."},
                     "events": [], "goals": [str(self.goal_a().uuid)], "assessment": False, "looked_at": False}
            story_actions.save_draft(actor=self.worker_a, case=case, draft=draft)
            seen = story_rules.fingerprint(story_queries.snapshot_for(case, draft, worker_name=self.worker_a.full_name))
            self.made["story_version_a"] = story_actions.finish_version(actor=self.worker_a, case=case, seen=seen)
        return self.made["story_version_a"]

    # --- Supervision (safety) ---

    def supervision_a(self):
        """Worker A's clinical supervision with Manager A two weeks ago, discussing case A, with
        actions agreed and a note on her wellbeing (made on first use)."""
        if "supervision_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.safety.actions.supervision import record_supervision

            self.made["supervision_a"] = record_supervision(
                actor=self.manager_a, supervisee=self.memberships["worker_a"], kind="clinical",
                held_on=today() - dt.timedelta(days=14), actions_agreed="Plan a joint visit to the college.",
                wellbeing_note="Tired after two late call-outs; taking Friday off.", cases=[self.case_a()],
            )[0]
        return self.made["supervision_a"]

    # --- Subject access requests (rights) ---
    def sar_a(self):
        """A parent's subject access request about case A's young person, recorded by manager A
        three days ago and in review (everything held gathered and frozen by manager A)."""
        if "sar_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.rights import actions as rights

            sar = rights.record_request(
                actor=self.manager_a, young_person=self.case_a().young_person, requester_kind="parent",
                requester_name="Pat Parentexample", identity_checked="Passport seen in person.",
                authority_checked="Birth certificate names her; the young person agrees.",
                received_on=today() - dt.timedelta(days=3),
            )
            self.made["sar_a"] = rights.start_review(actor=self.manager_a, sar=sar)
        return self.made["sar_a"]

    # --- Retention and disposal (retention) ---

    def retention_lead(self):
        """The programme's administrator, named North Hub's data protection lead."""
        if "retention_lead" not in self.made:
            from hubspoke.retention.actions import set_data_protection_lead

            set_data_protection_lead(actor=self.admin, service=self.service_a, person=self.admin)
            self.made["retention_lead"] = self.admin
        return self.made["retention_lead"]

    def visit_a(self):
        """Worker A's lone-working visit in progress at spoke A1, for an hour from now."""
        if "visit_a" not in self.made:
            from django.utils import timezone

            from hubspoke.safety.actions.visits import start_visit

            self.made["visit_a"] = start_visit(
                worker=self.worker_a, service=self.service_a, spoke=self.spoke_a1, place="Library, Church Road",
                meeting_with="young_person", expected_end=timezone.now() + dt.timedelta(hours=1),
            )
        return self.made["visit_a"]

    # --- Work with professionals (engagement) ---

    def consultation_a(self):
        """Worker A's advice to a school's safeguarding lead, at spoke A1, linked to nobody."""
        if "consultation_a" not in self.made:
            from hubspoke.engagement.actions import record_consultation
            from hubspoke.lib.dates import today

            self.made["consultation_a"] = record_consultation(
                actor=self.worker_a, held_on=today(), agency_type="education", method="phone",
                professional_role="Designated safeguarding lead", concern="A pupil seen with older men",
                advice="Talk to her; refer to us if she agrees.", outcome="advice_only")
        return self.made["consultation_a"]

    def training_a(self):
        """Worker A's taxi-driver training at spoke A1, with its feedback link open."""
        if "training_a" not in self.made:
            from hubspoke.engagement.actions import record_training
            from hubspoke.lib.dates import today

            self.made["training_a"] = record_training(
                actor=self.worker_a, held_on=today(), topic="Taxi drivers: spotting exploitation", minutes=90,
                attended=20, audience={"licensed_trades": 20})
        return self.made["training_a"]

    def challenge_a(self):
        """Worker A's challenge to social care about case A's plan, at the first stage."""
        if "challenge_a" not in self.made:
            from hubspoke.engagement.actions import record_challenge
            from hubspoke.lib.dates import today

            self.made["challenge_a"] = record_challenge(
                actor=self.worker_a, held_on=today(), direction="by_service", about="childs_plan",
                agency_type="childrens_social_care", issue="The plan leaves out the missing episodes.", stage=1,
                raised_with="Social worker", case=self.case_a())
        return self.made["challenge_a"]

    # --- Young people's participation ---

    def feedback_link_a(self):
        """A feedback link worker A sent by text to case A's young person (given a number for
        it); ``.token`` is the token the message carried."""
        if "feedback_link_a" not in self.made:
            from hubspoke.participation.actions import send_link
            from hubspoke.referrals.models import YoungPersonContact

            case = self.case_a()
            YoungPersonContact.objects.update_or_create(young_person_id=case.young_person_id,
                                                        defaults={"phone": "07700 900123"})
            self.made["feedback_link_a"] = send_link(actor=self.worker_a, case=case, channel="sms")
            # The number was only for sending: the world's record is left as it was.
            YoungPersonContact.objects.filter(young_person_id=case.young_person_id).delete()
        return self.made["feedback_link_a"]

    def _young_people_survey(self, key: str, *, service, kind: str = "anonymous", opened: bool = True):
        if key not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.participation import actions as participation

            actor = self.manager_a if service is not None else self.programme_lead
            survey = participation.create_survey(
                actor=actor, programme=self.programme, service=service, title="Having your say",
                introduction="We want to know how you would like to have a say.", kind=kind,
                opens_on=today() - dt.timedelta(days=7), closes_on=today() + dt.timedelta(days=30))
            participation.save_question(actor=actor, survey=survey, kind="choice", text="Have you been to a group?",
                                        choices=["Yes", "No", "Not sure"])
            participation.save_question(actor=actor, survey=survey, kind="scale", text="Do you get a say?", choices=[])
            participation.save_question(actor=actor, survey=survey, kind="text", text="Anything else?", choices=[])
            if opened:
                survey = participation.open_survey(actor=actor, survey=survey)
            self.made[key] = survey
        return self.made[key]

    def yp_survey_a(self):
        """North Hub's anonymous survey of young people, open: a choice, the scale, words."""
        return self._young_people_survey("yp_survey_a", service=self.service_a)

    def yp_survey_draft_a(self):
        """North Hub's survey still being built (a draft, seen by its managers only)."""
        return self._young_people_survey("yp_survey_draft_a", service=self.service_a, opened=False)

    def named_survey_a(self):
        """North Hub's named survey, open: answered on a young person's case."""
        return self._young_people_survey("named_survey_a", service=self.service_a, kind="named")

    def programme_survey(self):
        """The programme's anonymous survey, open at every service (each its own link)."""
        return self._young_people_survey("programme_survey", service=None)

    def yp_survey_link_a(self):
        return self.yp_survey_a().links.get(service=self.service_a)

    def activity_a(self):
        """A group work activity at North Hub, held a week ago, offering an AQA Unit Award, with
        case A's young person taking part (accredited, paid £12.50)."""
        if "activity_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.participation import activities

            activity = activities.create_activity(
                actor=self.worker_a, service=self.service_a, kind="group_work", title="Friday group",
                held_on=today() - dt.timedelta(days=7), summary="Made a leaflet about safe relationships.",
                accreditation="AQA Unit Award")
            activities.save_participant(actor=self.worker_a, activity=activity, case=self.case_a(),
                                        consent="themselves", accredited=True, paid="12.50")
            self.made["activity_a"] = activity
        return self.made["activity_a"]

    def forum_staff(self):
        """The forum's "All hub and spoke staff" category: staff read and post; the exchange lead
        moderates; programme leads, evaluators and administrators do not read it."""
        if "forum_staff" not in self.made:
            from hubspoke.exchange import actions as exchange

            self.made["forum_staff"] = exchange.create_category(
                actor=self.exchange_lead, programme=self.programme, name="All hub and spoke staff",
                read_roles=["spoke_worker", "hub_worker", "service_manager"],
                post_roles=["spoke_worker", "hub_worker", "service_manager"])
        return self.made["forum_staff"]

    def forum_thread(self):
        """A thread in the staff category, started by the spoke worker, with the manager's reply."""
        if "forum_thread" not in self.made:
            from hubspoke.exchange import actions as exchange

            thread = exchange.start_thread(actor=self.worker_a, category=self.forum_staff(),
                                           title="Resources for work with boys",
                                           body="What do people use for **one-to-one** work with boys?")
            exchange.reply(actor=self.manager_a, thread=thread, body="We use the *Brook* traffic light tool.")
            self.made["forum_thread"] = thread
        return self.made["forum_thread"]

    def forum_post(self):
        """The manager's reply in the forum thread."""
        return self.forum_thread().posts.order_by("created_at", "pk").last()

    def forum_attachment(self):
        if "forum_attachment" not in self.made:
            from django.core.files.uploadedfile import SimpleUploadedFile

            from hubspoke.exchange import actions as exchange

            post = exchange.reply(actor=self.worker_a, thread=self.forum_thread(), body="Our leaflet, attached.",
                                  files=[SimpleUploadedFile("leaflet.pdf", TINY_PDF, content_type="application/pdf")])
            self.made["forum_attachment"] = post.attachments.get()
        return self.made["forum_attachment"]

    def forum_report(self):
        """The hub worker's report of the manager's reply, waiting for the exchange lead."""
        if "forum_report" not in self.made:
            from hubspoke.exchange import actions as exchange

            self.made["forum_report"] = exchange.report_post(actor=self.hub_worker_a, post=self.forum_post(),
                                                             reason="wrong_place")
        return self.made["forum_report"]

    def output_a(self):
        """A leaflet activity A made, as a PDF."""
        if "output_a" not in self.made:
            from django.core.files.uploadedfile import SimpleUploadedFile

            from hubspoke.participation import activities

            self.made["output_a"] = activities.add_output(
                actor=self.worker_a, activity=self.activity_a(), kind="leaflet", title="Staying safe online",
                upload=SimpleUploadedFile("leaflet.pdf", TINY_PDF, content_type="application/pdf"))
        return self.made["output_a"]

    def use_consent_a(self):
        """Case A's young person agreed their words may be used in the programme's reports."""
        if "use_consent_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.participation import activities

            self.made["use_consent_a"] = activities.record_consent(
                actor=self.worker_a, case=self.case_a(), words=True, image=False, scope="programme",
                given_on=today() - dt.timedelta(days=3))
        return self.made["use_consent_a"]

    def quote_a(self):
        """Something case A's young person said and agreed to share, tied to that consent."""
        if "quote_a" not in self.made:
            from hubspoke.lib.dates import today
            from hubspoke.participation import activities

            self.made["quote_a"] = activities.add_quote(
                actor=self.worker_a, case=self.case_a(), consent=self.use_consent_a(), kind="quote",
                text="The group made me feel like I was not the only one.", said_on=today())
        return self.made["quote_a"]

    def declined_referral_a(self, *, first_name: str = "Robin"):
        """A referral to North Hub declined by its manager, with no record made."""
        key = f"declined_referral_a:{first_name}"
        if key not in self.made:
            from hubspoke.referrals.actions import decline_referral

            referral = submit_partner_referral(
                actor=self.partner_a, agency=self.police_a, service=self.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name=first_name, subject_last_name="Declinedcase"),
            )
            decline_referral(actor=self.manager_a, referral=referral, decline_reason="below_threshold",
                             reason_for_referrer="Below our threshold: please contact children's services.")
            referral.refresh_from_db()
            self.made[key] = referral
        return self.made[key]

    def hold_a(self):
        """A legal hold on case A's young person, placed by North Hub's manager."""
        if "hold_a" not in self.made:
            from hubspoke.retention.actions import place_hold

            self.made["hold_a"] = place_hold(actor=self.manager_a, young_person=self.case_a().young_person,
                                             reason="A civil claim may need the record.")
        return self.made["hold_a"]

    def disposal_a(self):
        """A declined referral proposed for disposal by North Hub's manager (made in error),
        waiting for the data protection lead (the administrator)."""
        if "disposal_a" not in self.made:
            from hubspoke.retention.actions import propose_disposal

            self.retention_lead()
            self.made["disposal_a"] = propose_disposal(
                actor=self.manager_a, referral=self.declined_referral_a(first_name="Sam"), reason="made_in_error",
                explanation="Sent to the wrong service.")
        return self.made["disposal_a"]

    def certificate_a(self):
        """A declined referral disposed of: proposed by North Hub's manager, approved by the lead."""
        if "certificate_a" not in self.made:
            from hubspoke.retention.actions import approve_disposal, propose_disposal

            disposal = propose_disposal(actor=self.manager_a, referral=self.declined_referral_a(first_name="Alex"),
                                        reason="made_in_error", explanation="A duplicate.")
            self.made["certificate_a"] = approve_disposal(actor=self.retention_lead(), disposal=disposal,
                                                          reauthenticated=True)
        return self.made["certificate_a"]

    def __getattr__(self, name):
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None


def make_person(name: str, *, staff: bool = False, totp_secret: str | None = None) -> User:
    user = User.objects.create_user(
        f"{name}@test.hubspoke.invalid", "a-long-test-password-42", full_name=name.replace("_", " ").title()
    )
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if totp_secret:
        TOTP.activate(user, totp_secret)
    return user


@pytest.fixture
def world(db) -> World:
    root = User.objects.create_user("system@test.hubspoke.invalid", None, full_name="System")
    programme = Programme.objects.create(name="Test Programme")
    phase = Phase.objects.create(programme=programme, number=1, starts_on=START)
    model = HubSpokeModel.objects.create(programme=programme, number=1, name="Co-located", description="A test model.")
    funder = Funder.objects.create(programme=programme, name="Test Funder")
    la_a = LocalAuthority.objects.create(name="Northshire", ons_code="E10000001", region=Region.NORTH_WEST)
    la_b = LocalAuthority.objects.create(name="Southshire", ons_code="E10000002", region=Region.SOUTH_WEST)
    police_a = Agency.objects.create(name="Northshire Police", agency_type=AgencyType.POLICE, local_authority=la_a)
    csc_b = Agency.objects.create(
        name="Southshire Children's Services", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE, local_authority=la_b
    )
    service_a = actions.add_service(
        actor=root, programme=programme, phase=phase, name="North Hub", organisation="North Charity",
        region=Region.NORTH_WEST,
    )
    service_b = actions.add_service(
        actor=root, programme=programme, phase=phase, name="South Hub", organisation="South Charity",
        region=Region.SOUTH_WEST,
    )
    spoke_kw = {"model": model, "starts_on": START}
    spoke_a1 = actions.add_spoke(actor=root, service=service_a, name="North Police Spoke", host_agency=police_a,
                                 local_authority=la_a, **spoke_kw)
    spoke_a2 = actions.add_spoke(actor=root, service=service_a, name="North Outreach Spoke", host_agency=None,
                                 local_authority=la_a, **spoke_kw)
    spoke_b1 = actions.add_spoke(actor=root, service=service_b, name="South Social Care Spoke", host_agency=csc_b,
                                 local_authority=la_b, **spoke_kw)
    secrets = {name: generate_totp_secret() for name in PERSONAS}
    people = {name: make_person(name, staff=(name == "admin"), totp_secret=secrets[name]) for name in PERSONAS}
    places = {
        "manager_a": (Role.SERVICE_MANAGER, service_a),
        "hub_worker_a": (Role.HUB_WORKER, service_a),
        "worker_a": (Role.SPOKE_WORKER, spoke_a1),
        "partner_a": (Role.PARTNER, police_a),
        "outsider": (Role.SERVICE_MANAGER, service_b),
        "programme_lead": (Role.PROGRAMME_LEAD, programme),
        "evaluator": (Role.EVALUATOR, programme),
        "exchange_lead": (Role.EXCHANGE_LEAD, programme),
        "admin": (Role.ADMINISTRATOR, programme),
    }
    memberships = {
        name: actions.add_membership(actor=root, person=people[name], role=role, place=place, starts_on=START,
                                     caseload_capacity=10 if role == Role.SPOKE_WORKER else None)
        for name, (role, place) in places.items()
    }
    Post.objects.create(service=service_a, title="Spoke worker", fte=1, location=PostLocation.SPOKE,
                        spoke=spoke_a1, funder=funder, holder=people["worker_a"])
    Post.objects.create(service=service_a, title="Hub manager", fte=1, location=PostLocation.HUB, funder=funder,
                        holder=people["manager_a"])
    referral_a = submit_partner_referral(
        actor=people["partner_a"], agency=police_a, service=service_a, submission_token=uuid.uuid4(),
        details=referral_details(),
    )
    return World(
        referral_a=referral_a,
        programme=programme, service_a=service_a, service_b=service_b, spoke_a1=spoke_a1, spoke_a2=spoke_a2,
        spoke_b1=spoke_b1, police_a=police_a, csc_b=csc_b, people=people, memberships=memberships,
        totp_secrets=secrets,
    )


def referral_details(**overrides) -> dict:
    """What a referral form would hand the action: a synthetic young person."""
    details = {
        "subject_first_name": "Jordan", "subject_last_name": "Testcase", "subject_known_as": "",
        "subject_date_of_birth": dt.date(2011, 5, 17), "subject_estimated_age": None, "subject_gender": "girl",
        "subject_local_authority": None, "pathway": "police", "referrer_name": "PC Example",
        "referrer_role": "Exploitation team", "referrer_phone": "", "referrer_email": "",
        "concerns": "Seen getting into cars with older men after school.", "concern_tags": ["boyfriend"],
        "other_agencies_involved": "", "urgency": "urgent", "consent": "given", "lawful_basis": "",
        "consent_reason": "",
    }
    details.update(overrides)
    return details


def mark_recently_authenticated(client) -> None:
    """What re-entering a password leaves in the session, so that step-up checks pass."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = session["_auth_user_id"]
    session.save()


@pytest.fixture
def signed_in(world):
    """signed_in("manager_a") -> that persona's own test client, signed in. Each persona has
    its own client (the same one for the whole test), so signing in a second persona never
    signs the first one out: signed_in("manager_a") and signed_in("worker_a") stay who they
    are. ``recent=True`` also marks a password re-entered just now (for step-up checks)."""
    clients: dict[str, Client] = {}

    def sign_in(persona: str, *, recent: bool = False) -> Client:
        if persona not in clients:
            clients[persona] = Client()
            clients[persona].force_login(world.people[persona])
        if recent:
            mark_recently_authenticated(clients[persona])
        return clients[persona]

    return sign_in


class QueryCounter:
    """Counts queries of one block; on a mismatch the assertion message lists the SQL."""

    def __init__(self):
        self.context = CaptureQueriesContext(connection)

    def __enter__(self):
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)

    @property
    def count(self) -> int:
        return len(self.context.captured_queries)

    def sql(self) -> str:
        return "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(self.context.captured_queries, 1))


def assert_flat_queries(fetch, grow, *, status: int = 200) -> int:
    """Fetch once, grow the data, fetch again: the query count must not change. ``fetch``
    returns the response; both fetches must answer ``status``, so that two error pages (a 404
    costs the same at any size) never pass for a flat page."""
    with QueryCounter() as small:
        first = fetch()
    grow()
    with QueryCounter() as large:
        second = fetch()
    for which, response in (("small", first), ("large", second)):
        assert getattr(response, "status_code", None) == status, (
            f"The {which} fetch answered {getattr(response, 'status_code', response)!r}, not {status}: "
            "its query count says nothing about the page."
        )
    assert small.count == large.count, (
        f"Query count grew from {small.count} to {large.count} as rows were added.\n"
        f"--- small ---\n{small.sql()}\n--- large ---\n{large.sql()}"
    )
    return large.count
