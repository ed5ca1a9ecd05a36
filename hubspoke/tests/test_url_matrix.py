"""Every named URL × every persona, with the status each must get. A URL added without an
entry here fails ``test_every_url_has_an_entry``. The POST column is ``test_post_matrix.py``."""

from __future__ import annotations

import re
import uuid

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hubspoke.conftest import PERSONAS
from hubspoke.notifications.models import Notification

ALL = dict.fromkeys(PERSONAS, 200)
PROGRAMME_ROLES = ("programme_lead", "evaluator", "exchange_lead", "admin")


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def described_request(w):
    """Northshire Police asks North Hub about someone it describes (not linked to a record)."""
    if "described_request" not in w.made:
        from hubspoke.sharing.actions import request_information

        w.made["described_request"] = request_information(
            actor=w.partner_a, agency=w.police_a, service=w.service_a,
            fields={"about": "Name: Riley Unknown\nDate of birth or age: about 14", "categories": ["identity"],
                    "what_is_needed": "Whether you know her.", "reason": "Found in a car last night."},
        )
    return w.made["described_request"]


# name -> (kwargs from the world, {persona: status}, status when signed out)
SEES_SERVICE_A = expect(200, partner_a=404, outsider=404)
STAFF_ONLY = expect(404, manager_a=200, hub_worker_a=200, worker_a=200, outsider=200)
AGGREGATES = expect(404, programme_lead=200, evaluator=200)
READS_FORUM = expect(404, manager_a=200, hub_worker_a=200, worker_a=200, outsider=200, exchange_lead=200)
MATRIX = {
    "home": (lambda w: {}, ALL, 302),
    # Monitoring: a service's returns are for its managers; the programme's figures for programme
    # leads and evaluators (submitted returns only, after disclosure control); API keys for
    # evaluators. Everyone else gets the same 404 as a page that does not exist.
    "monitoring:returns": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    "monitoring:return": (lambda w: {"ref": w.return_a().uuid}, expect(404, manager_a=200), 302),
    "monitoring:return_version": (
        lambda w: {"ref": w.return_a().uuid, "number": 1}, expect(404, manager_a=200), 302,
    ),
    **{
        f"monitoring:{name}": (lambda w: {"ref": w.return_a().uuid}, expect(405), 302)
        for name in ("return_submit", "return_reopen")
    },
    **{
        f"monitoring:{name}": (lambda w: {}, AGGREGATES, 302)
        for name in ("programme", "programme_return", "completeness", "what_works", "surveys")
    },
    "monitoring:submitted_return": (lambda w: {"ref": w.return_a().uuid}, AGGREGATES, 302),
    "monitoring:survey": (lambda w: {"ref": w.survey_a().uuid}, AGGREGATES, 302),
    "monitoring:survey_response": (
        lambda w: {"ref": w.survey_a().responses.get(service=w.service_a).uuid}, expect(404, manager_a=200), 302,
    ),
    "monitoring:api_tokens": (lambda w: {}, expect(404, evaluator=200), 302),
    "monitoring:api_token_revoke": (lambda w: {"ref": w.api_token_a().uuid}, expect(405), 302),
    # The API answers to a key, never to a session: without one, 401 for everybody.
    "monitoring_api:openapi-json": (lambda w: {}, ALL, 200),
    "monitoring_api:api-root": (lambda w: {}, expect(404), 404),  # nothing lives at the root
    "monitoring_api:list_periods": (lambda w: {}, expect(401), 401),
    **{
        f"monitoring_api:{name}": (lambda w: {"key": "2026-04-01"}, expect(401), 401)
        for name in ("completeness", "list_returns", "programme_return")
    },
    "monitoring_api:get_return": (lambda w: {"ref": w.return_a().uuid}, expect(401), 401),
    "accounts:security": (lambda w: {}, ALL, 302),
    "network:service_list": (lambda w: {}, ALL, 302),
    "network:service_detail": (lambda w: {"ref": w.service_a.uuid}, SEES_SERVICE_A, 302),
    "network:spoke_detail": (lambda w: {"ref": w.spoke_a1.uuid}, SEES_SERVICE_A, 302),
    # Only the service's managers set its referral policy; the rest who see the service get 403.
    "network:service_settings": (
        lambda w: {"ref": w.service_a.uuid}, expect(403, manager_a=200, partner_a=404, outsider=404), 302,
    ),
    "network:end_membership": (
        lambda w: {"ref": w.memberships["worker_a"].uuid},
        expect(404, manager_a=200, hub_worker_a=403, worker_a=403),
        302,
    ),
    "audit:who_has_seen": (
        lambda w: {"kind": "network.service", "ref": w.service_a.uuid},
        # Those who may see the service but do not manage it: 403.
        expect(403, manager_a=200, partner_a=404, outsider=404),
        302,
    ),
    "referrals:inbox": (lambda w: {}, STAFF_ONLY, 302),
    "referrals:new": (lambda w: {}, STAFF_ONLY, 302),
    "referrals:search": (lambda w: {}, STAFF_ONLY, 302),
    # A partner's referral waits at the hub: its managers and hub workers see it, spoke workers
    # do not (yet), nor anyone outside the service.
    "referrals:detail": (
        lambda w: {"ref": w.referral_a.uuid}, expect(404, manager_a=200, hub_worker_a=200), 302,
    ),
    # Decisions are POST only (tested by persona in referrals/tests/test_triage.py).
    **{
        f"referrals:{name}": (lambda w: {"ref": w.referral_a.uuid}, expect(405), 302)
        for name in ("accept", "decline", "request_info", "resolve_info", "close")
    },
    # A partner's referral is written a page at a time in a draft of their own session: starting
    # one sends them to its first page; a draft this session does not hold (here, any) is a
    # "start again" page for the partner and the same 404 as any missing page for everyone else.
    "referrals:partner_new": (lambda w: {}, expect(404, partner_a=302), 302),
    "referrals:partner_step": (
        lambda w: {"token": uuid.uuid4(), "step": "young-person"}, expect(404, partner_a=200), 302,
    ),
    "referrals:partner_check": (lambda w: {"token": uuid.uuid4()}, expect(404, partner_a=200), 302),
    "cases:waiting_list": (lambda w: {}, STAFF_ONLY, 302),
    "cases:mine": (lambda w: {}, STAFF_ONLY, 302),
    "cases:team": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    "cases:levels": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    # The world's referral is not accepted yet: its manager is sent back to it.
    "cases:allocate": (lambda w: {"ref": w.referral_a.uuid}, expect(404, manager_a=302, hub_worker_a=403), 302),
    # A case held at spoke A1, led by worker A: the hub worker cannot see spoke records.
    "cases:detail": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:missing": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:missing_episode": (
        lambda w: {"ref": w.case_a().uuid, "episode": w.missing_a().uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "cases:outcomes": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:meetings": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:transition_plan": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302),
    "cases:transfer": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:transfers": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    # A transfer of case A to South Hub: only South Hub's manager answers it.
    # Sharing: a disclosure is seen by staff who see its young person and by partners of the
    # agency it was made to.
    "sharing:disclosure": (
        lambda w: {"ref": w.disclosure_a().uuid}, expect(404, manager_a=200, worker_a=200, partner_a=200), 302,
    ),
    # The door, on case A's young person (spoke A1): those who may record on the record share
    # and record decisions not to share; the history is for everyone who sees the record.
    **{
        f"sharing:{name}": (
            lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
        )
        for name in ("share", "not_shared_new", "young_person_sharing")
    },
    # The disclosure log: each service's managers (South Hub's sees its own, empty).
    "sharing:log": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    # Requests: managers see their services', partners their agency's.
    "sharing:requests": (lambda w: {}, expect(404, manager_a=200, outsider=200, partner_a=200), 302),
    "sharing:request_new": (lambda w: {}, expect(404, partner_a=200), 302),
    "sharing:request": (lambda w: {"ref": w.request_a().uuid}, expect(404, manager_a=200, partner_a=200), 302),
    # A request describing someone, not linked to a record: North Hub's managers link or decline it;
    # the asking partner sees it but does not answer it (403).
    **{
        f"sharing:{name}": (lambda w: {"ref": described_request(w).uuid}, expect(404, manager_a=200, partner_a=403),
                            302)
        for name in ("request_link", "request_decline")
    },
    # What partners see: only what was disclosed to their agency.
    "sharing:partner_home": (lambda w: {}, expect(404, partner_a=200), 302),
    "sharing:partner_person": (
        lambda w: {"ref": w.disclosure_a().young_person.uuid}, expect(404, partner_a=200), 302,
    ),
    # Agreements: the service's staff see them (its managers and the programme's administrators
    # maintain them; the rest get 403 for a change); partners see those their agency is a party
    # to (agreement A: Northshire Police); programme leads, evaluators and exchange leads, none.
    "sharing:agreements": (
        lambda w: {}, expect(404, manager_a=200, hub_worker_a=200, worker_a=200, partner_a=200, outsider=200,
                             admin=200), 302,
    ),
    "sharing:agreement_new": (
        lambda w: {}, expect(404, manager_a=200, outsider=200, admin=200, hub_worker_a=403, worker_a=403,
                             partner_a=403), 302,
    ),
    **{
        f"sharing:{name}": (lambda w, extra=extra: {"ref": w.agreement_a().uuid, **extra},
                            expect(404, manager_a=200, hub_worker_a=200, worker_a=200, partner_a=200, admin=200), 302)
        for name, extra in (("agreement", {}), ("agreement_document", {"number": 1}))
    },
    "sharing:agreement_revise": (
        lambda w: {"ref": w.agreement_a().uuid},
        expect(404, manager_a=200, admin=200, hub_worker_a=403, worker_a=403, partner_a=403), 302,
    ),
    # Consent: those who see the young person see its history; their allocated workers and the
    # service's managers record and withdraw (other staff who see the record: 403).
    "sharing:consent": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "sharing:consent_new": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "sharing:consent_withdraw": (
        lambda w: {"ref": w.consent_a().uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "cases:transfer_detail": (lambda w: {"ref": w.transfer_a().uuid}, expect(404, outsider=200), 302),
    "cases:accept_transfer": (lambda w: {"ref": w.transfer_a().uuid}, expect(405), 302),
    "cases:decline_transfer": (lambda w: {"ref": w.transfer_a().uuid}, expect(405), 302),
    "cases:co_worker": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302),
    "cases:close": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    # An open case is not reopened: its manager is told so (tested in cases/tests/test_closure.py).
    "cases:reopen": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=403), 302),
    "cases:chronology": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:mark_event": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302),
    "cases:plan": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    **{
        f"cases:{name}": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302)
        for name in ("add_goal", "plan_review")
    },
    "cases:update_goal": (lambda w: {"ref": w.case_a().uuid, "goal": w.case_a().uuid}, expect(405), 302),
    "cases:add_action": (lambda w: {"ref": w.case_a().uuid, "goal": w.case_a().uuid}, expect(405), 302),
    "cases:action_status": (lambda w: {"ref": w.case_a().uuid, "action": w.case_a().uuid}, expect(405), 302),
    "cases:contacts": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:new_contact": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "cases:restricted_note": (
        lambda w: {"ref": w.case_a().uuid, "contact": w.contact_a().uuid},
        expect(404, manager_a=200, worker_a=200),
        302,
    ),
    "cases:reallocate": (
        lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=403), 302,
    ),
    "cases:worker_caseload": (
        lambda w: {"ref": w.worker_a.uuid}, expect(404, manager_a=200), 302,
    ),
    "referrals:young_person": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "referrals:edit_young_person": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    # Restricted: the allocated worker and the managers.
    "referrals:young_person_contact": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    # Assessments: a draft of case A's young person (spoke A1), started by worker A.
    "assessments:young_person": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "assessments:start": (lambda w: {"ref": w.case_a().young_person.uuid}, expect(405), 302),
    "assessments:referral": (
        lambda w: {"ref": w.referral_a.uuid}, expect(404, manager_a=200, hub_worker_a=200), 302,
    ),
    "assessments:start_for_referral": (lambda w: {"ref": w.referral_a.uuid}, expect(405), 302),
    # A draft opens at its questions for those who may continue it.
    "assessments:detail": (
        lambda w: {"ref": w.assessment_a().uuid}, expect(404, manager_a=302, worker_a=302), 302,
    ),
    "assessments:section": (
        lambda w: {"ref": w.assessment_a().uuid, "number": 1}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "assessments:check": (
        lambda w: {"ref": w.assessment_a().uuid}, expect(404, manager_a=200, worker_a=200), 302,
    ),
    "assessments:mine": (lambda w: {}, STAFF_ONLY, 302),
    "assessments:service_tools": (
        lambda w: {"ref": w.service_a.uuid}, expect(403, manager_a=200, partner_a=404, outsider=404), 302,
    ),
    "assessments:countersignatures": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    "assessments:countersign": (lambda w: {"ref": w.assessment_a().uuid}, expect(405), 302),
    "assessments:review": (lambda w: {"ref": w.assessment_a().uuid}, expect(405), 302),
    "referrals:sent": (lambda w: {}, expect(404, partner_a=200), 302),
    "referrals:sent_detail": (lambda w: {"ref": w.referral_a.uuid}, expect(404, partner_a=200), 302),
    "referrals:sent_answer": (lambda w: {"ref": w.referral_a.uuid}, expect(405), 302),
    "referrals:sent_confirmation": (lambda w: {"ref": w.referral_a.uuid}, expect(404, partner_a=200), 302),
    # The young person's own story (stories).
    # Only the case's allocated workers and the service's managers: everyone else gets 404.
    **{
        f"stories:{name}": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302)
        for name in ("story", "edit", "preview")
    },
    "stories:finish": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302),
    **{
        f"stories:{name}": (lambda w: {"ref": w.story_version_a().uuid}, expect(404, manager_a=200, worker_a=200),
                            302)
        for name in ("version", "version_give")
    },
    "stories:version_check": (lambda w: {"ref": w.story_version_a().uuid}, expect(405), 302),
    # Copies need a password entered in the last few minutes: those who may see them are sent to re-enter it.
    **{
        f"stories:{name}": (lambda w: {"ref": w.story_version_a().uuid}, expect(404, manager_a=302, worker_a=302),
                            302)
        for name in ("version_print", "version_pdf")
    },
    "stories:waiting": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),

    # Lone working (safety): staff start and keep their own visits; a visit's page is its
    # worker's alone; its alarm page is for the service's managers (and the worker's buddy and
    # the chain's people, tested in safety/tests); programme roles see counts only.
    **{f"safety:{name}": (lambda w: {}, STAFF_ONLY, 302) for name in ("index", "profile", "start")},
    "safety:visit": (lambda w: {"ref": w.visit_a().uuid}, expect(404, worker_a=200), 302),
    **{f"safety:{name}": (lambda w: {"ref": w.visit_a().uuid}, expect(405), 302)
       for name in ("check_in", "extend", "finish", "help", "acknowledge", "resolve")},
    "safety:alarm": (lambda w: {"ref": w.visit_a().uuid}, expect(404, manager_a=200), 302),
    # An outside contact's acknowledgement link answers to its signature, not a session.
    "safety:acknowledge_outside": (lambda w: {"token": "not-a-token"}, expect(404), 404),
    "safety:board": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    "safety:counts": (lambda w: {}, expect(404, **dict.fromkeys(PROGRAMME_ROLES, 200)), 302),
    "safety:chain": (lambda w: {"ref": w.service_a.uuid}, expect(404, manager_a=200), 302),
    "safety:chain_remove": (lambda w: {"ref": w.service_a.uuid, "step": uuid.uuid4()}, expect(405), 302),
    # Supervision (safety): the service's staff. A record's content is for its supervisee and
    # supervisor (the world's: worker A, by manager A); its service's other managers see its date
    # and kind; everyone else 404. Managers record any kind, fellow staff peer supervision, nobody
    # their own; the service's managers set how often each kind is due (its staff and the
    # programme's roles see the service: 403).
    "safety:supervision_list": (lambda w: {}, STAFF_ONLY, 302),
    "safety:supervisees": (lambda w: {}, STAFF_ONLY, 302),
    "safety:supervision_record": (lambda w: {"ref": w.memberships["worker_a"].uuid},
                                  expect(404, manager_a=200, hub_worker_a=200), 302),
    "safety:supervision": (lambda w: {"ref": w.supervision_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "safety:supervision_schedules": (lambda w: {"ref": w.service_a.uuid},
                                     expect(403, manager_a=200, partner_a=404, outsider=404), 302),

    # Work with professionals (engagement): the service's staff, each record as the service's
    # others are (worker A's is at spoke A1: not the hub worker's); a challenge about case A only
    # for those who may see the case. The feedback link needs no account.
    "engagement:index": (lambda w: {}, STAFF_ONLY, 302),
    **{f"engagement:{name}": (lambda w: {"kind": "training"}, STAFF_ONLY, 302) for name in ("list", "record")},
    "engagement:detail": (lambda w: {"kind": "consultations", "ref": w.consultation_a().uuid},
                          expect(404, manager_a=200, worker_a=200), 302),
    "engagement:change": (lambda w: {"kind": "challenges", "ref": w.challenge_a().uuid},
                          expect(404, manager_a=200, worker_a=200), 302),
    **{f"engagement:{name}": (lambda w: {"ref": w.challenge_a().uuid}, expect(405), 302)
       for name in ("escalate", "end")},
    "engagement:respond": (lambda w: {"ref": w.challenge_a().uuid, "step": uuid.uuid4()}, expect(405), 302),
    "training_feedback": (lambda w: {"token": w.training_a().feedback_token}, ALL, 200),
    # Young people's feedback (participation): a case's, as the case is; the service's answers
    # together for its staff. Hand-over pages send anyone not in hand-over home; the link's page
    # answers everyone the same, signed in or not.
    "participation:feedback": (lambda w: {}, STAFF_ONLY, 302),
    "participation:case": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    "participation:send_link": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.case_a().uuid}, expect(405), 302)
       for name in ("start_handover", "declined")},
    "participation:handover": (lambda w: {}, expect(302), 302),
    "participation:hand_back": (lambda w: {}, expect(405), 302),
    "your_views": (lambda w: {"token": w.feedback_link_a().token}, ALL, 200),
    # Surveys of young people: the list for services' staff and the programme's leads and
    # evaluators; building for a service's managers and the programme's leads; a service's
    # survey for its staff (a draft for its builders only); results for its managers; handing it
    # out (paper, typing in) for its staff; a named survey's paper answers on the case as the
    # feedback is recorded; the open link for everyone, signed in or not.
    "participation:surveys": (lambda w: {}, expect(404, manager_a=200, hub_worker_a=200, worker_a=200,
                                                   outsider=200, programme_lead=200, evaluator=200), 302),
    "participation:survey_new": (lambda w: {}, expect(404, manager_a=200, outsider=200, programme_lead=200), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.yp_survey_a().uuid},
                                 expect(404, manager_a=200, hub_worker_a=200, worker_a=200), 302)
       for name in ("survey", "survey_preview")},
    **{f"participation:{name}": (lambda w: {"ref": w.yp_survey_a().uuid},
                                 expect(404, manager_a=200, hub_worker_a=403, worker_a=403), 302)
       for name in ("survey_edit", "survey_results")},
    "participation:survey_question_new": (lambda w: {"ref": w.yp_survey_draft_a().uuid}, expect(404, manager_a=200),
                                          302),
    "participation:survey_question": (
        lambda w: {"ref": w.yp_survey_draft_a().uuid, "question_ref": w.yp_survey_draft_a().questions.first().uuid},
        expect(404, manager_a=200), 302),
    "participation:survey_question_change": (
        lambda w: {"ref": w.yp_survey_draft_a().uuid, "question_ref": w.yp_survey_draft_a().questions.first().uuid},
        expect(405), 302),
    "participation:survey_status": (lambda w: {"ref": w.yp_survey_a().uuid}, expect(405), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.yp_survey_a().uuid, "service_ref": w.service_a.uuid},
                                 expect(404, manager_a=200, hub_worker_a=200, worker_a=200), 302)
       for name in ("survey_paper", "survey_type_in")},
    "participation:case_survey": (lambda w: {"ref": w.case_a().uuid, "survey_ref": w.named_survey_a().uuid},
                                  expect(404, manager_a=200, worker_a=200), 302),
    "participation:start_survey_handover": (
        lambda w: {"ref": w.case_a().uuid, "survey_ref": w.named_survey_a().uuid}, expect(405), 302),
    "survey_answer": (lambda w: {"token": w.yp_survey_link_a().token}, ALL, 200),
    # Participation activities: a service's, for its staff (the young people who took part named
    # only to those who see their cases); taking part, consent and quotes on the case as it is
    # recorded on (withdrawing by any of its staff who see it); the quarterly report for the
    # service's staff and the programme's leads and evaluators, exactly or controlled.
    **{f"participation:{name}": (lambda w: {}, STAFF_ONLY, 302) for name in ("activities", "activity_new")},
    **{f"participation:{name}": (lambda w: {"ref": w.activity_a().uuid},
                                 expect(404, manager_a=200, hub_worker_a=200, worker_a=200), 302)
       for name in ("activity", "activity_edit")},
    **{f"participation:{name}": (lambda w: {"ref": w.activity_a().uuid}, expect(405), 302)
       for name in ("participant_add", "output_add")},
    "participation:participant_remove": (lambda w: {"ref": w.activity_a().uuid, "case_ref": w.case_a().uuid},
                                         expect(405), 302),
    "participation:participant_change": (lambda w: {"ref": w.activity_a().uuid, "case_ref": w.case_a().uuid},
                                         expect(404, manager_a=200, worker_a=200), 302),
    "participation:output_file": (lambda w: {"ref": w.activity_a().uuid, "output_ref": w.output_a().uuid},
                                  expect(404, manager_a=200, hub_worker_a=200, worker_a=200), 302),
    "participation:output_remove": (lambda w: {"ref": w.activity_a().uuid, "output_ref": w.output_a().uuid},
                                    expect(405), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.case_a().uuid}, expect(404, manager_a=200, worker_a=200), 302)
       for name in ("taking_part", "consent_new", "quote_new")},
    "participation:consent_withdraw": (lambda w: {"ref": w.case_a().uuid, "consent_ref": w.use_consent_a().uuid},
                                       expect(404, manager_a=200, worker_a=200), 302),
    "participation:quote_remove": (lambda w: {"ref": w.case_a().uuid, "quote_ref": w.quote_a().uuid},
                                   expect(405), 302),
    "participation:reports": (lambda w: {}, expect(404, manager_a=200, hub_worker_a=200, worker_a=200, outsider=200,
                                                   programme_lead=200, evaluator=200), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.service_a.uuid},
                                 expect(404, manager_a=200, hub_worker_a=200, worker_a=200, programme_lead=200,
                                        evaluator=200), 302)
       for name in ("report", "report_pdf", "report_xlsx")},

    # Subject access requests (rights): the service's managers only (its workers too get 404);
    # the programme's counts for programme leads, evaluators and administrators. The redaction
    # page needs the field it is about in its address: without one it is not found.
    "rights:requests": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    "rights:programme": (lambda w: {}, expect(404, programme_lead=200, evaluator=200, admin=200), 302),
    "rights:new": (lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200), 302),
    **{f"rights:{name}": (lambda w: {"ref": w.sar_a().uuid}, expect(404, manager_a=200), 302)
       for name in ("request", "pause", "resume", "extend", "close", "review")},
    "rights:redact": (lambda w: {"ref": w.sar_a().uuid}, expect(404), 302),
    **{f"rights:{name}": (lambda w: {"ref": w.sar_a().uuid}, expect(405), 302)
       for name in ("start_review", "sign_off", "make_bundle")},
    "rights:unredact": (lambda w: {"ref": w.sar_a().uuid, "mark": uuid.uuid4()}, expect(405), 302),
    "rights:download": (lambda w: {"ref": w.sar_a().uuid, "bundle": uuid.uuid4()}, expect(405), 302),

    # Retention and disposal (retention).
    # The schedule is for all staff and the programme's roles; the due list for managers; a
    # record's retention for its service's managers (its allocated worker: 403); a disposal and
    # its certificate for the managers and the service's data protection lead (the administrator
    # once named), whose pages show no young person's details.
    "retention:schedule": (lambda w: {}, expect(200, partner_a=404), 302),
    "retention:period": (lambda w: {"kind": "declined_referral"}, expect(404, admin=200), 302),
    "retention:leads": (lambda w: {}, expect(404, admin=200), 302),
    "retention:due": (lambda w: {}, expect(404, manager_a=200, outsider=200), 302),
    **{
        f"retention:{name}": (lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=200,
                                                                                       worker_a=403), 302)
        for name in ("record", "hold_new", "propose")
    },
    "retention:hold_lift": (lambda w: {"ref": w.hold_a().uuid}, expect(404, manager_a=200), 302),
    "retention:disposal": (lambda w: {"ref": w.disposal_a().uuid}, expect(404, manager_a=200, admin=200), 302),
    "retention:certificates": (lambda w: (w.retention_lead(), {})[1],
                               expect(404, manager_a=200, outsider=200, admin=200), 302),
    "retention:certificate": (lambda w: {"ref": w.certificate_a().uuid}, expect(404, manager_a=200, admin=200),
                              302),

    # The forum (exchange): partners have no place in it (404 everywhere). The staff category is
    # read by hub and spoke staff and the exchange lead; programme leads, evaluators and
    # administrators do not read it (404). Only a post's author edits it; nobody reports their
    # own; only the exchange lead moderates (403 for other members).
    **{f"exchange:{name}": (lambda w: {}, expect(200, partner_a=404), 302) for name in ("index", "search", "settings")},
    "exchange:category": (lambda w: {"ref": w.forum_staff().uuid}, READS_FORUM, 302),
    "exchange:new_thread": (lambda w: {"ref": w.forum_staff().uuid}, READS_FORUM, 302),
    **{f"exchange:{name}": (lambda w: {"ref": w.forum_thread().uuid}, READS_FORUM, 302) for name in ("thread", "reply")},
    "exchange:moderate": (lambda w: {"ref": w.forum_thread().uuid}, expect(405), 302),
    "exchange:post": (lambda w: {"ref": w.forum_post().uuid}, {k: 302 if v == 200 else v for k, v in READS_FORUM.items()},
                      302),
    "exchange:history": (lambda w: {"ref": w.forum_post().uuid}, READS_FORUM, 302),
    "exchange:edit": (lambda w: {"ref": w.forum_post().uuid},
                      expect(404, manager_a=200, hub_worker_a=403, worker_a=403, outsider=403, exchange_lead=403), 302),
    "exchange:report": (lambda w: {"ref": w.forum_post().uuid}, READS_FORUM | {"manager_a": 403}, 302),
    **{f"exchange:{name}": (lambda w: {"ref": w.forum_post().uuid},
                            expect(404, manager_a=403, hub_worker_a=403, worker_a=403, outsider=403, exchange_lead=200),
                            302) for name in ("hide", "redact")},
    "exchange:show": (lambda w: {"ref": w.forum_post().uuid}, expect(405), 302),
    "exchange:attachment": (lambda w: {"ref": w.forum_attachment().uuid}, READS_FORUM, 302),
    "exchange:watch": (lambda w: {"kind": "thread", "ref": w.forum_thread().uuid}, expect(405), 302),
    "exchange:resolve": (lambda w: {"ref": w.forum_report().uuid}, expect(405), 302),
    **{f"exchange:{name}": (lambda w: {}, expect(403, partner_a=404, exchange_lead=200), 302)
       for name in ("reports", "categories", "category_new")},
    "exchange:category_edit": (lambda w: {"ref": w.forum_staff().uuid}, expect(403, partner_a=404, exchange_lead=200),
                               302),

    "notifications:list": (lambda w: {}, ALL, 302),
    # The world's partner referral notified manager_a, who is sent on to it; to anyone else
    # that notification does not exist.
    "notifications:open": (
        lambda w: {"ref": Notification.objects.get(recipient=w.manager_a, subject_ref=str(w.referral_a.uuid)).uuid},
        expect(404, manager_a=302),
        302,
    ),
    "notifications:mark_all_read": (lambda w: {}, expect(405), 302),
    "csp_report": (lambda w: {}, expect(405), 405),
    "healthz": (lambda w: {}, ALL, 200),
}

# allauth's pages: the same answer for every signed-in persona (all have a second factor).
# name -> (kwargs, status signed in, status signed out)
ALLAUTH = {
    "account_change_password": ({}, 200, 302),
    "account_confirm_email": ({"key": "not-a-key"}, 200, 200),
    "account_confirm_login_code": ({}, 302, 302),
    "account_email": ({}, 302, 302),  # closed: sign-in addresses are set by an administrator
    "account_email_verification_sent": ({}, 200, 200),
    "account_inactive": ({}, 200, 200),
    "account_login": ({}, 302, 200),
    "account_logout": ({}, 200, 302),
    "account_reauthenticate": ({}, 200, 302),
    "account_reset_password": ({}, 200, 200),
    "account_reset_password_done": ({}, 200, 200),
    "account_reset_password_from_key": ({"uidb36": "1", "key": "not-a-key"}, 200, 200),
    "account_reset_password_from_key_done": ({}, 200, 200),
    "account_set_password": ({}, 302, 302),
    "account_signup": ({}, 302, 200),  # shows "accounts are created by an administrator"
    "mfa_activate_totp": ({}, 302, 302),  # already has one
    "mfa_authenticate": ({}, 302, 302),
    "mfa_deactivate_totp": ({}, 302, 302),  # needs a recent sign-in
    "mfa_download_recovery_codes": ({}, 404, 302),  # personas have no recovery codes
    "mfa_generate_recovery_codes": ({}, 302, 302),  # needs a recent sign-in
    "mfa_index": ({}, 200, 302),
    "mfa_reauthenticate": ({}, 200, 302),
    "mfa_view_recovery_codes": ({}, 404, 302),
}

# The administration site: what the administrator gets where it is not 200. Everyone else
# signed in gets the ordinary 404; signed out, 302 to the normal sign-in.
ADMIN_OVERRIDES = {
    "admin:audit_auditevent_add": 403,  # the audit trail is read-only
    "admin:audit_auditevent_delete": 403,
    "admin:assessments_assessmenttool_delete": 403,  # assessments keep their tool version for ever
    "admin:auth_user_password_change": 403,  # nobody sets a password for someone else
    # What the worker sends and runs, and the schedule's runs: read-only.
    "admin:outbox_outgoingmessage_add": 403,
    "admin:outbox_outgoingmessage_delete": 403,
    "admin:django_tasks_database_dbtaskresult_add": 403,
    "admin:django_tasks_database_dbtaskresult_delete": 403,
    "admin:scheduler_scheduledrun_add": 403,
    "admin:scheduler_scheduledrun_delete": 403,
    "admin:autocomplete": 403,  # without its query parameters
    "admin:login": 302,
    "admin:password_change": 302,  # to the account's own page
    "admin:password_change_done": 302,
    "admin:view_on_site": 404,  # network objects have no public page
}


def admin_kwargs(name: str, world) -> dict:
    if name == "admin:auth_user_password_change":
        return {"id": world.worker_a.pk}
    if name == "admin:app_list":
        return {"app_label": "network"}
    if name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        return {"content_type_id": ContentType.objects.get_for_model(world.service_a).pk, "object_id": world.service_a.pk}
    match = re.match(r"admin:(\w+)_(change|delete|history)$", name)
    # An app label may hold underscores (django_tasks_database): find the model by its whole prefix.
    model = match and next((m for m in apps.get_models() if f"{m._meta.app_label}_{m._meta.model_name}" == match[1]),
                           None)
    if model:
        if model._meta.label == "assessments.AssessmentTool":
            world.assessment_a()  # imports the test tool
        if model._meta.label == "monitoring.MonitoringSettings":
            from hubspoke.monitoring.actions import settings_for

            settings_for(world.programme)
        if model._meta.label in ("scheduler.ScheduledRun", "django_tasks_database.DBTaskResult"):
            _one_scheduled_run()
        return {"object_id": model.objects.order_by("pk").first().pk}
    return {}


def _one_scheduled_run():
    """The tests run tasks at once, so no task result is stored: store one run's, as the
    scheduler and the database backend would."""
    from django_tasks_db.models import DBTaskResult

    from hubspoke.scheduler.models import ScheduledRun

    if not ScheduledRun.objects.exists():
        result = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, backend_name="default",
                                             task_path="hubspoke.outbox.tasks.sweep")
        ScheduledRun.objects.create(job="outbox.sweep", due_at=result.enqueued_at, task_id=str(result.id))


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    names = named_urls()
    listed = set(MATRIX) | set(ALLAUTH)
    missing = sorted(n for n in names - listed if not n.startswith("admin:"))
    assert not missing, f"Add these URLs to MATRIX or ALLAUTH in {__file__}: {missing}"
    assert not listed - names, f"Listed URLs that no longer exist: {sorted(listed - names)}"
    assert set(ADMIN_OVERRIDES) <= names


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status_on_every_url(persona, signed_in, world):
    client = signed_in(persona)
    wrong = []
    for name, (kwargs, statuses, _) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        status = client.get(url).status_code
        if status != statuses[persona]:
            wrong.append(f"{name} {url}: got {status}, expected {statuses[persona]}")
    assert not wrong, "\n".join(wrong)


def test_signed_out_visitor_is_sent_to_sign_in(client, world):
    wrong = []
    for name, (kwargs, _, anonymous) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        if response.status_code != anonymous:
            wrong.append(f"{name}: got {response.status_code}, expected {anonymous}")
        elif anonymous == 302:
            assert response["Location"].startswith(reverse("account_login"))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status_on_every_allauth_url(persona, signed_in):
    client = signed_in(persona)
    wrong = []
    for name, (kwargs, expected, _) in ALLAUTH.items():
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        if status != expected:
            wrong.append(f"{name}: got {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_signed_out_visitor_on_every_allauth_url(client, db):
    wrong = []
    for name, (kwargs, _, expected) in ALLAUTH.items():
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        if status != expected:
            wrong.append(f"{name}: got {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_every_administration_url_opens_only_to_administrators(persona, signed_in, client, world):
    client = signed_in(persona) if persona else client
    wrong = []
    for name in sorted(n for n in named_urls() if n.startswith("admin:")):
        url = reverse(name, kwargs=admin_kwargs(name, world))
        if persona == "admin":
            expected = ADMIN_OVERRIDES.get(name, 200)
        elif persona is None:
            expected = 302
            if status_and_location := _signed_out_goes_to_sign_in(client, url):
                wrong.append(f"{name} {url}: {status_and_location}")
                continue
        else:
            expected = 404
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{name} {url}: got {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def _signed_out_goes_to_sign_in(client, url) -> str:
    """"" when a signed-out visit ends at the normal sign-in page, else what happened instead."""
    response = client.get(url, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    if response.status_code == 200 and final.startswith(reverse("account_login")):
        return ""
    return f"ended at {final} with {response.status_code}"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin"])
def test_administration_site_refuses_everyone_else(persona, signed_in):
    response = signed_in(persona).get(reverse("admin:index"))
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_programme_roles_have_no_person_level_page():
    """Programme leads, evaluators, exchange leads and administrators: every page about young
    people or their records is a 404 (405 where the URL takes only a POST). With the matrix test
    above, which checks each status for real, this proves it for every such URL."""
    # Which tools a service offers is about the service, not a person (they see it, read-only: 403);
    # so are information-sharing agreements, which administrators maintain.
    about_services = {"assessments:service_tools"}
    person_level = [name for name in MATRIX
                    if name.split(":")[0] in ("referrals", "assessments", "cases")
                    or (name.startswith("sharing:") and "agreement" not in name)]
    person_level = [name for name in person_level if name not in about_services]
    assert len(person_level) > 30
    wrong = [
        f"{name} for {persona}: {MATRIX[name][1][persona]}"
        for name in person_level for persona in PROGRAMME_ROLES
        if MATRIX[name][1][persona] not in (404, 405)
    ]
    assert not wrong, wrong
