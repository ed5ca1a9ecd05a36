"""A young person with every kind of record, for the erasure tests, and the whole-database search."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import connection
from django.utils import timezone

from hubspoke.conftest import referral_details

FIRST, LAST, ALIAS, KNOWN_AS = "Zephyrine", "Quillbrook", "Marrowdene", "Zephie"
BORN = dt.date(2010, 11, 23)
NAMES = (FIRST, LAST, ALIAS, KNOWN_AS)


def searched_strings() -> list[str]:
    return [*NAMES, BORN.isoformat(), f"{BORN.day} {BORN:%B %Y}"]


def build_young_person(world, *, names=(FIRST, LAST, ALIAS, KNOWN_AS), born=BORN):
    """Every kind of record about one young person of North Hub, each naming them, then the case
    closed: a referral with the referrer's free text, other names, contact details, consent, a
    disclosure, a decision not to share, a partner's request, an assessment, a case with a
    restricted contact, plan, missing episode, meeting, outcome rating, chronology mark, a
    supervision that discussed it, her own story (finished and given to her) and closure, and a
    subject access request signed off with its bundle made. Returns the young person."""
    from hubspoke.assessments.actions import import_tool, start_assessment
    from hubspoke.assessments.tests.tool_examples import SMALL
    from hubspoke.cases import actions as cases
    from hubspoke.cases.outcomes import AREA_IDS
    from hubspoke.referrals.actions import accept_referral, submit_partner_referral, update_contact
    from hubspoke.sharing import actions as sharing

    first, last, alias, known_as = names
    referral = submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(
            subject_first_name=first, subject_last_name=last, subject_known_as=f"{known_as}, {alias}",
            subject_date_of_birth=born, referrer_phone="07700 900123", referrer_email="pc.example@police.invalid",
            concerns=f"{first} {last} ({known_as}) is picked up from school by older men; born {born:%-d %B %Y}.",
            other_agencies_involved=f"School nurse knows {first}.",
        ),
    )
    accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1,
                    notes=f"Accepted: {first} meets the threshold.")
    referral.refresh_from_db()
    person = referral.young_person
    update_contact(actor=world.manager_a, person=person, fields={
        "phone": "07700 900456", "email": f"{first.lower()}@example.invalid",
        "address": f"{first}'s aunt's flat, 1 Example Road", "postcode": "ZZ1 1ZZ"})
    case = cases.allocate_referral(actor=world.manager_a, referral=referral, worker=world.worker_a)
    contact = cases.record_contact(actor=world.worker_a, case=case, fields={
        "occurred_at": timezone.now() - dt.timedelta(hours=2), "method": "face_to_face", "location": "school",
        "outcome": "attended", "present": ["young_person"], "restricted": True,
        "notes": f"{known_as} talked about {alias}, the name the men call her.",
    })
    cases.mark_significant(actor=world.worker_a, case=case, event_ref=contact.uuid, significant=True)
    goal = cases.add_goal(actor=world.worker_a, case=case, element="reducing_risk",
                          goal=f"{first} feels safe getting home.")
    cases.add_action(actor=world.worker_a, goal=goal, action=f"Plan a safe route with {first}",
                     who=f"{first} and her worker", due_on=timezone.localdate() + dt.timedelta(days=7))
    cases.record_missing_episode(actor=world.worker_a, case=case, fields={
        "started_at": timezone.now() - dt.timedelta(days=1), "ended_at": timezone.now() - dt.timedelta(hours=5),
        "reported_to_police": True, "return_interview": "done",
        "where_found": f"{first} was found at the station", "associates": f"Men who call her {alias}",
        "places": "A flat above the takeaway."})
    cases.record_meeting(actor=world.worker_a, case=case, kind="strategy", held_on=timezone.localdate(),
                         agencies_present="Police, school", decisions=f"Safety plan for {first} {last}.")
    cases.rate_outcomes(actor=world.worker_a, case=case, rated_on=timezone.localdate(), occasion="start",
                        rater="young_person", scores=dict.fromkeys(AREA_IDS, 3),
                        personal_goals=[{"goal": f"{known_as} wants to go to college", "score": 4}])
    tool, _ = import_tool(source=SMALL)
    start_assessment(actor=world.worker_a, tool=tool, young_person=person)
    sharing.record_consent(
        actor=world.worker_a, young_person=person, agencies=[world.police_a],
        fields={"decision": "given", "given_by": "young_person", "method": "in_person",
                "competence_note": f"{first} said back what would be shared.", "categories": ["plan"],
                "given_on": timezone.localdate(), "notes": f"{known_as} was clear."})
    sharing.record_disclosure(
        actor=world.worker_a, young_person=person, to_agency=world.police_a, recipient_name="DC Example",
        recipient_role="CSE team", categories=["plan"], summary=f"{first}'s safety plan.", route="consent",
        reason=f"So the police can keep {first} safe.")
    asked = sharing.request_information(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, young_person=person,
        fields={"categories": ["risk"], "what_is_needed": f"{first} {last}'s risk level.",
                "reason": f"A strategy meeting about {alias}.", "urgency": "routine"})
    sharing.record_decision_not_to_share(
        actor=world.manager_a, service=world.service_a, young_person=person, information_request=asked,
        what_was_asked=f"{first}'s risk level", reason=f"{first} asked us not to.", told_to_agency="Not now.",
        asked_by_agency=world.police_a, asked_by_name="DC Example")
    _story(world, case, first=first, known_as=known_as, goal=goal)
    from hubspoke.safety.actions.visits import start_visit

    start_visit(worker=world.worker_a, service=case.service, spoke=case.spoke, case=case, place="Home visit",
                meeting_with="young_person_family", expected_end=timezone.now() + dt.timedelta(hours=1))
    _supervision(world, case)
    _engagement(world, case, first=first, last=last)
    _feedback(world, case, first=first)
    cases.close_case(actor=world.worker_a, case=case, reason="outcomes_achieved",
                     summary=f"{first} {last} is settled at college.", engagement="fully",
                     outcomes_achieved="most", what_helped=f"{known_as}'s aunt.")
    _subject_access(world, person, first=first)
    return person


def _supervision(world, case):
    """Her case discussed in her worker's supervision (the record names nobody: it links the case)."""
    from hubspoke.safety.actions.supervision import record_supervision

    record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                       held_on=timezone.localdate(), actions_agreed="Review the safety plan together.",
                       cases=[case])


def _feedback(world, case, *, first):
    """Her feedback on her support, in her own words, and a link sent for the next; her taking part
    in a group, her consent to the use of her words and a quote of hers tied to it."""
    from hubspoke.participation import actions as participation
    from hubspoke.participation import activities
    from hubspoke.referrals.models import YoungPersonContact

    participation.give_in_session(actor=world.worker_a, case=case, answers={"helping": 5},
                                  anything_else=f"{first} here: my worker gets me.")
    group = activities.create_activity(actor=world.worker_a, service=case.service, kind="co_design",
                                       title="Leaflet group", held_on=timezone.localdate(), summary="",
                                       accreditation="")
    activities.save_participant(actor=world.worker_a, activity=group, case=case, consent="themselves", paid="5")
    consent = activities.record_consent(actor=world.worker_a, case=case, words=True, image=True, scope="programme",
                                        given_on=timezone.localdate())
    activities.add_quote(actor=world.worker_a, case=case, consent=consent, kind="quote",
                         text="The group listened to me.", said_on=timezone.localdate())
    if YoungPersonContact.objects.filter(young_person_id=case.young_person_id).exclude(phone="").exists():
        participation.send_link(actor=world.worker_a, case=case, channel="sms")


def _engagement(world, case, *, first, last):
    """A consultation that led to her referral and a challenge about her case, each naming her
    (as a hurried worker might)."""
    from hubspoke.engagement import actions as engagement

    referral = case.case_referrals.first().referral
    engagement.record_consultation(
        actor=world.manager_a, held_on=timezone.localdate(), agency_type="education", method="phone",
        concern=f"{first} {last} seen with older men", advice=f"Refer {first} to us.",
        outcome="referral_made", referral=referral)
    engagement.record_challenge(
        actor=world.manager_a, held_on=timezone.localdate(), direction="by_service", about="case_closed",
        agency_type="childrens_social_care", issue=f"Social care closed {first}'s case too soon.", stage=1,
        raised_with="Team manager", case=case)


def _story(world, case, *, first, known_as, goal):
    """Her own story: a draft in her worker's words, a finished version naming her, given to her."""
    from hubspoke.stories import actions as stories
    from hubspoke.stories import queries as story_queries
    from hubspoke.stories import rules as story_rules

    draft = {"answers": {"why_we_met": f"{known_as}, someone at school was worried about you.",
                         "what_next": f"We keep meeting, {first}."},
             "events": [], "goals": [str(goal.uuid)], "assessment": False, "looked_at": False}
    stories.save_draft(actor=world.worker_a, case=case, draft=draft)
    seen = story_rules.fingerprint(story_queries.snapshot_for(case, draft, worker_name=world.worker_a.full_name))
    version = stories.finish_version(actor=world.worker_a, case=case, seen=seen)
    stories.give_version(actor=world.worker_a, version=version, given_on=timezone.localdate(), how="in_person")


def _subject_access(world, person, *, first):
    """Her aunt's request for her record: gathered by manager A, signed off by a second manager,
    the bundle (a file in private storage naming her throughout) made as the worker would."""
    from hubspoke.conftest import make_person
    from hubspoke.network.actions import add_membership
    from hubspoke.network.models import Role
    from hubspoke.rights import actions as rights
    from hubspoke.rights import bundle

    sar = rights.record_request(
        actor=world.manager_a, young_person=person, requester_kind="representative",
        requester_name=f"{first}'s aunt", identity_checked="Driving licence seen in person.",
        authority_checked=f"{first} asked her aunt to ask for her.", received_on=timezone.localdate())
    sar = rights.start_review(actor=world.manager_a, sar=sar)
    signer = make_person("erasure_signer")
    add_membership(actor=world.manager_a, person=signer, role=Role.SERVICE_MANAGER, place=world.service_a,
                   starts_on=world.memberships["manager_a"].starts_on)
    rights.sign_off(actor=signer, sar=sar)
    bundle.make(str(sar.bundles.get().uuid))


def text_columns() -> dict[str, list[str]]:
    """Every column of every table in the database (text, dates, JSON, everything: searched as text)."""
    with connection.cursor() as cursor:
        return {table: [column.name for column in connection.introspection.get_table_description(cursor, table)]
                for table in connection.introspection.table_names(cursor)}


def find_anywhere(needles) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column holding any of the needles, case-insensitively:
    one query a table, and a closer look only where it finds something."""
    quote = connection.ops.quote_name
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    needles = list(needles)
    hits = []

    def holds(cursor, table, pairs) -> bool:
        where = " OR ".join(f"CAST({quote(column)} AS TEXT) {like} %s" for column, _ in pairs)
        cursor.execute(f"SELECT 1 FROM {quote(table)} WHERE {where} LIMIT 1", [f"%{n}%" for _, n in pairs])
        return cursor.fetchone() is not None

    with connection.cursor() as cursor:
        for table, columns in text_columns().items():
            if not holds(cursor, table, [(c, n) for c in columns for n in needles]):
                continue
            hits += [(table, c, n) for c in columns for n in needles if holds(cursor, table, [(c, n)])]
    return hits
