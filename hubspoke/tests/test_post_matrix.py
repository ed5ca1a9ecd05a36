"""The URL matrix's POST column: every named URL that accepts a POST, for every persona and
signed out, with what an empty POST (and, where useful, a deliberately invalid one) must get.
Those allowed to write get a form error: 400 with the page again, or a redirect with an error
message where that is the view's design. Those who may see but not change get 403, anyone out
of scope 404, the signed-out visitor the sign-in page. Never a 500, and never a write. A URL
that answers a POST (anything but 405) without an entry here fails
``test_every_url_accepting_post_has_an_entry``; pages that only show something refuse a POST.

The GET column is ``test_url_matrix.py``; this file is its own so that the two run side by side."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.audit.registry import kind_of
from hubspoke.conftest import PERSONAS, mark_recently_authenticated
from hubspoke.tests.test_url_matrix import ALL, ALLAUTH, MATRIX, described_request, expect, named_urls

CASE_PAGE = expect(404, manager_a=400, worker_a=400)  # case A: its lead worker and the service's manager
TRIAGE = expect(404, manager_a=400, hub_worker_a=403)  # the world's referral waits at the hub
FORUM_READERS = expect(404, manager_a=400, hub_worker_a=400, worker_a=400, outsider=400, exchange_lead=400)
FORUM_MODERATION = expect(404, manager_a=403, hub_worker_a=403, worker_a=403, outsider=403, exchange_lead=403)


def case_a(w):
    return {"ref": w.case_a().uuid}


# name -> (kwargs from the world, {persona: status}, status when signed out), for an empty POST.
POST_MATRIX = {
    # Monitoring. The world's return is submitted: its narrative is no longer changed (403).
    "monitoring:return": (lambda w: {"ref": w.return_a().uuid}, expect(404, manager_a=403), 302),
    "monitoring:return_submit": (lambda w: {"ref": w.return_a().uuid}, expect(404, manager_a=400), 302),
    "monitoring:return_reopen": (lambda w: {"ref": w.return_a().uuid}, expect(404, manager_a=400), 302),
    # Programme leads open surveys; evaluators see them, read-only.
    "monitoring:surveys": (lambda w: {}, expect(404, programme_lead=400, evaluator=403), 302),
    "monitoring:survey_response": (
        lambda w: {"ref": w.survey_a().responses.get(service=w.service_a).uuid}, expect(404, manager_a=400), 302,
    ),
    "monitoring:api_tokens": (lambda w: {}, expect(404, evaluator=400), 302),
    # A partner answers the service's question on their agency's referral: an empty answer is a
    # form error (the world's referral has no question waiting, which the action says).
    # Finding a young person is posted (nothing identifying in an address): an empty one asks
    # for a name or date of birth.
    "referrals:search": (lambda w: {}, expect(404, manager_a=400, hub_worker_a=400, worker_a=400, outsider=400), 302),
    "referrals:sent_answer": (lambda w: {"ref": w.referral_a.uuid}, expect(404, partner_a=400), 302),
    # Revoking takes no input: the key's holder revokes it (see EMPTY_POST_ACTS).
    "monitoring:api_token_revoke": (lambda w: {"ref": w.api_token_a().uuid}, expect(404, evaluator=302), 302),
    # The API's own pages: its description reads the same whatever the method; its endpoints
    # take only GET (test_the_monitoring_api_takes_no_post).
    "monitoring_api:openapi-json": (lambda w: {}, ALL, 200),
    "monitoring_api:api-root": (lambda w: {}, expect(404), 404),
    # Network. Both pages ask for a recent password first (STEP_UP).
    "network:service_settings": (
        lambda w: {"ref": w.service_a.uuid}, expect(403, manager_a=400, partner_a=404, outsider=404), 302,
    ),
    "network:end_membership": (
        lambda w: {"ref": w.memberships["worker_a"].uuid},
        expect(404, manager_a=400, hub_worker_a=403, worker_a=403),
        302,
    ),
    # A young person's own story (stories): an empty story, or a finish without its preview, is
    # a form error; only a service's manager checks a version (none is asked for in the world).
    **{f"stories:{name}": (case_a, CASE_PAGE, 302) for name in ("edit", "finish")},
    "stories:version_give": (lambda w: {"ref": w.story_version_a().uuid}, CASE_PAGE, 302),
    "stories:version_check": (lambda w: {"ref": w.story_version_a().uuid}, expect(404, manager_a=400, worker_a=403),
                              302),
    # Supervision (safety): an empty record is a form error for those who may record it; an
    # empty schedule (without the page's own marker) too, for the service's managers.
    "safety:supervision_record": (lambda w: {"ref": w.memberships["worker_a"].uuid},
                                  expect(404, manager_a=400, hub_worker_a=400), 302),
    "safety:supervision_schedules": (lambda w: {"ref": w.service_a.uuid},
                                     expect(403, manager_a=400, partner_a=404, outsider=404), 302),
    # Work with professionals (engagement): an empty record is a form error for the service's
    # staff; a challenge about case A is moved on by whoever raised it and the managers, and a
    # response to a stage it does not have is not found. Anyone may answer a feedback link.
    **{f"engagement:{name}": (lambda w: {"kind": "meetings"}, expect(404, manager_a=400, hub_worker_a=400,
                                                                        worker_a=400, outsider=400), 302)
       for name in ("record",)},
    **{f"engagement:{name}": (lambda w: {"ref": w.challenge_a().uuid}, expect(404, manager_a=400, worker_a=400), 302)
       for name in ("escalate", "end")},
    "engagement:change": (lambda w: {"kind": "challenges", "ref": w.challenge_a().uuid},
                          expect(404, manager_a=400, worker_a=400), 302),
    "engagement:respond": (lambda w: {"ref": w.challenge_a().uuid, "step": uuid.uuid4()}, expect(404), 302),
    "training_feedback": (lambda w: {"token": w.training_a().feedback_token}, expect(400), 400),
    # Young people's feedback: the case's buttons without their own value change nothing and say
    # so; a link with no channel chosen is a form error; hand-over pages send anyone not in
    # hand-over home; the link's page with nothing answered asks for an answer.
    **{f"participation:{name}": (case_a, expect(404, manager_a=302, worker_a=302), 302)
       for name in ("start_handover", "declined")},
    "participation:send_link": (case_a, CASE_PAGE, 302),
    **{f"participation:{name}": (lambda w: {}, expect(302), 302) for name in ("handover", "hand_back")},
    "your_views": (lambda w: {"token": w.feedback_link_a().token}, expect(400), 400),
    # Surveys: an empty form is a form error for those who may build or hand out; a question's
    # or the survey's buttons without their own value change nothing and say so (a redirect);
    # an empty answer by the open link asks for an answer.
    "participation:survey_new": (lambda w: {}, expect(404, manager_a=400, outsider=400, programme_lead=400), 302),
    "participation:survey_edit": (lambda w: {"ref": w.yp_survey_a().uuid},
                                  expect(404, manager_a=400, hub_worker_a=403, worker_a=403), 302),
    "participation:survey_status": (lambda w: {"ref": w.yp_survey_a().uuid},
                                    expect(404, manager_a=302, hub_worker_a=403, worker_a=403), 302),
    "participation:survey_question_new": (lambda w: {"ref": w.yp_survey_draft_a().uuid},
                                          expect(404, manager_a=400), 302),
    "participation:survey_question": (
        lambda w: {"ref": w.yp_survey_draft_a().uuid, "question_ref": w.yp_survey_draft_a().questions.first().uuid},
        expect(404, manager_a=400), 302),
    "participation:survey_question_change": (
        lambda w: {"ref": w.yp_survey_draft_a().uuid, "question_ref": w.yp_survey_draft_a().questions.first().uuid},
        expect(404, manager_a=302), 302),
    "participation:survey_type_in": (lambda w: {"ref": w.yp_survey_a().uuid, "service_ref": w.service_a.uuid},
                                     expect(404, manager_a=400, hub_worker_a=400, worker_a=400), 302),
    "participation:case_survey": (lambda w: {"ref": w.case_a().uuid, "survey_ref": w.named_survey_a().uuid},
                                  CASE_PAGE, 302),
    "participation:start_survey_handover": (
        lambda w: {"ref": w.case_a().uuid, "survey_ref": w.named_survey_a().uuid},
        expect(404, manager_a=302, worker_a=302), 302),
    "survey_answer": (lambda w: {"token": w.yp_survey_link_a().token}, expect(400), 400),
    # Participation activities: an empty form is a form error for the service's staff; taking
    # someone off, removing an output or a quote, and withdrawing consent need their button's own
    # value, so an empty POST changes nothing and says so. Consent and quotes are recorded as the
    # case is (the world's young person has no consent for their words yet: the page says so).
    "participation:activity_new": (lambda w: {}, expect(404, manager_a=400, hub_worker_a=400, worker_a=400,
                                                        outsider=400), 302),
    **{f"participation:{name}": (lambda w: {"ref": w.activity_a().uuid},
                                 expect(404, manager_a=400, hub_worker_a=400, worker_a=400), 302)
       for name in ("activity_edit", "participant_add", "output_add")},
    "participation:participant_remove": (lambda w: {"ref": w.activity_a().uuid, "case_ref": w.case_a().uuid},
                                         expect(404, manager_a=302, worker_a=302), 302),
    "participation:output_remove": (lambda w: {"ref": w.activity_a().uuid, "output_ref": w.output_a().uuid},
                                    expect(404, manager_a=302, hub_worker_a=302, worker_a=302), 302),
    "participation:participant_change": (lambda w: {"ref": w.activity_a().uuid, "case_ref": w.case_a().uuid},
                                         CASE_PAGE, 302),
    **{f"participation:{name}": (case_a, CASE_PAGE, 302) for name in ("consent_new", "quote_new")},
    "participation:consent_withdraw": (lambda w: {"ref": w.case_a().uuid, "consent_ref": w.use_consent_a().uuid},
                                       expect(404, manager_a=302, worker_a=302), 302),
    "participation:quote_remove": (lambda w: {"ref": w.case_a().uuid, "quote_ref": w.quote_a().uuid},
                                   expect(404, manager_a=302, worker_a=302), 302),
    # Subject access requests (rights): the service's managers get the form again with its
    # errors; the world's request is in review, so an empty "start the review" or "sign off" (by
    # the manager who gathered it) is refused with a message on the request's page.
    **{f"rights:{name}": (lambda w: {"ref": w.sar_a().uuid}, expect(404, manager_a=400), 302)
       for name in ("pause", "resume", "extend", "close")},
    "rights:new": (lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=400), 302),
    **{f"rights:{name}": (lambda w: {"ref": w.sar_a().uuid}, expect(404, manager_a=302), 302)
       for name in ("start_review", "sign_off", "make_bundle")},
    "rights:redact": (lambda w: {"ref": w.sar_a().uuid}, expect(404), 302),
    "rights:unredact": (lambda w: {"ref": w.sar_a().uuid, "mark": uuid.uuid4()}, expect(404), 302),
    "rights:download": (lambda w: {"ref": w.sar_a().uuid, "bundle": uuid.uuid4()}, expect(404), 302),
    # Retention and disposal (retention). The schedule and the leads ask for a recent password
    # first (STEP_UP); an empty decision on a disposal is a form error for those who may see it.
    "retention:period": (lambda w: {"kind": "declined_referral"}, expect(404, admin=400), 302),
    "retention:leads": (lambda w: {}, expect(404, admin=400), 302),
    **{
        f"retention:{name}": (lambda w: {"ref": w.case_a().young_person.uuid},
                              expect(404, manager_a=400, worker_a=403), 302)
        for name in ("hold_new", "propose")
    },
    "retention:hold_lift": (lambda w: {"ref": w.hold_a().uuid}, expect(404, manager_a=400), 302),
    "retention:disposal": (lambda w: {"ref": w.disposal_a().uuid}, expect(404, manager_a=400, admin=400), 302),
    # Referrals.
    "referrals:new": (lambda w: {}, expect(404, manager_a=400, hub_worker_a=400, worker_a=400, outsider=400), 302),
    **{f"referrals:{name}": (lambda w: {"ref": w.referral_a.uuid}, TRIAGE, 302)
       for name in ("accept", "decline", "request_info", "resolve_info", "close")},
    # A partner's referral is posted a page at a time to a draft held in their own session: a
    # token the session does not hold is answered with "start again" (nothing was sent).
    "referrals:partner_step": (
        lambda w: {"token": uuid.uuid4(), "step": "young-person"}, expect(404, partner_a=400), 302,
    ),
    "referrals:partner_check": (lambda w: {"token": uuid.uuid4()}, expect(404, partner_a=400), 302),
    "referrals:edit_young_person": (lambda w: {"ref": w.case_a().young_person.uuid}, CASE_PAGE, 302),
    # Every contact field is optional: an empty form is "nothing changed" (and writes nothing).
    "referrals:young_person_contact": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=302, worker_a=302), 302,
    ),
    # Consent: an empty decision or withdrawal is a form error for those who may record.
    "sharing:consent_new": (lambda w: {"ref": w.case_a().young_person.uuid}, CASE_PAGE, 302),
    "sharing:consent_withdraw": (lambda w: {"ref": w.consent_a().uuid}, CASE_PAGE, 302),
    # Cases. The world's referral is not accepted yet: its manager is sent back to it.
    "cases:allocate": (lambda w: {"ref": w.referral_a.uuid}, expect(404, manager_a=302, hub_worker_a=403), 302),
    **{f"cases:{name}": (case_a, CASE_PAGE, 302)
       for name in ("new_contact", "missing", "meetings", "outcomes", "transfer", "close", "add_goal",
                    "plan_review")},
    "cases:missing_episode": (lambda w: {"ref": w.case_a().uuid, "episode": w.missing_a().uuid}, CASE_PAGE, 302),
    "cases:update_goal": (lambda w: {"ref": w.case_a().uuid, "goal": w.goal_a().uuid}, CASE_PAGE, 302),
    "cases:add_action": (lambda w: {"ref": w.case_a().uuid, "goal": w.goal_a().uuid}, CASE_PAGE, 302),
    # Back to the page with an error message, by design.
    "cases:action_status": (
        lambda w: {"ref": w.case_a().uuid, "action": w.goal_a().actions.get().uuid},
        expect(404, manager_a=302, worker_a=302),
        302,
    ),
    "cases:transition_plan": (case_a, expect(404, manager_a=302, worker_a=302), 302),
    # Only the service's managers choose a co-worker, reopen or reallocate; the lead worker sees the case.
    "cases:co_worker": (case_a, expect(404, manager_a=302, worker_a=403), 302),
    "cases:reopen": (case_a, expect(404, manager_a=400, worker_a=403), 302),
    "cases:reallocate": (case_a, expect(404, manager_a=400, worker_a=403), 302),
    # No event named: as if there were no such event, for everyone.
    "cases:mark_event": (case_a, expect(404), 302),
    # A transfer of case A to South Hub: only South Hub's manager answers it.
    "cases:accept_transfer": (lambda w: {"ref": w.transfer_a().uuid}, expect(404, outsider=400), 302),
    "cases:decline_transfer": (lambda w: {"ref": w.transfer_a().uuid}, expect(404, outsider=400), 302),
    # Sharing: an empty share or decision not to share is a form error for those who may record
    # on case A's young person (a one-off share's re-authentication is in sharing/tests/test_door.py).
    **{f"sharing:{name}": (lambda w: {"ref": w.case_a().young_person.uuid}, CASE_PAGE, 302)
       for name in ("share", "not_shared_new")},
    # Assessments: a draft of case A's young person, started by worker A.
    "assessments:start": (
        lambda w: {"ref": w.case_a().young_person.uuid}, expect(404, manager_a=302, worker_a=302), 302,
    ),
    "assessments:start_for_referral": (
        lambda w: {"ref": w.referral_a.uuid}, expect(404, manager_a=302, hub_worker_a=302), 302,
    ),
    # A part of a draft saves whatever was answered, nothing included (see EMPTY_POST_ACTS).
    "assessments:section": (
        lambda w: {"ref": w.assessment_a().uuid, "number": 1}, expect(404, manager_a=302, worker_a=302), 302,
    ),
    "assessments:check": (lambda w: {"ref": w.assessment_a().uuid}, CASE_PAGE, 302),
    "assessments:service_tools": (
        lambda w: {"ref": w.service_a.uuid}, expect(403, manager_a=400, partner_a=404, outsider=404), 302,
    ),
    # A draft is not countersigned, and only a completed assessment is reviewed (a message says so).
    "assessments:countersign": (lambda w: {"ref": w.assessment_a().uuid}, expect(404, manager_a=403, worker_a=403),
                                302),
    "assessments:review": (lambda w: {"ref": w.assessment_a().uuid}, expect(404, manager_a=302, worker_a=302), 302),
    # Sharing. A partner asks: an empty request is a form error by each question.
    "sharing:request_new": (lambda w: {}, expect(404, partner_a=400), 302),
    # North Hub's managers answer a request describing someone; the asking partner may not (403).
    **{f"sharing:{name}": (lambda w: {"ref": described_request(w).uuid}, expect(404, manager_a=400, partner_a=403),
                           302)
       for name in ("request_link", "request_decline")},
    # Sharing: agreements are maintained by the service's managers and the programme's
    # administrators; staff and partners who see them get 403.
    "sharing:agreement_new": (
        lambda w: {}, expect(404, manager_a=400, outsider=400, admin=400, hub_worker_a=403, worker_a=403,
                             partner_a=403), 302,
    ),
    "sharing:agreement_revise": (
        lambda w: {"ref": w.agreement_a().uuid},
        expect(404, manager_a=400, admin=400, hub_worker_a=403, worker_a=403, partner_a=403), 302,
    ),
    "notifications:mark_all_read": (lambda w: {}, expect(302), 302),
    # Browsers' reports: not JSON is a 400, signed in or not.
    "csp_report": (lambda w: {}, expect(400), 400),
    # allauth: its forms answer 200 with their errors (ALLAUTH_SHOWN_WITH_ERRORS).
    "account_change_password": (lambda w: {}, expect(200), 302),
    "account_confirm_email": (lambda w: {"key": "not-a-key"}, expect(404), 404),
    "account_confirm_login_code": (lambda w: {}, expect(302), 302),
    "account_email": (lambda w: {}, expect(302), 302),  # closed: to the account's own page
    "account_login": (lambda w: {}, expect(302), 200),
    "account_logout": (lambda w: {}, expect(302), 302),
    "account_reauthenticate": (lambda w: {}, expect(200), 302),
    "account_reset_password": (lambda w: {}, expect(200), 200),
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "not-a-key"}, expect(200), 200),
    "account_set_password": (lambda w: {}, expect(302), 302),
    "account_signup": (lambda w: {}, expect(302), 200),  # "accounts are created by an administrator"
    "mfa_activate_totp": (lambda w: {}, expect(302), 302),  # already has one
    "mfa_authenticate": (lambda w: {}, expect(302), 302),
    "mfa_deactivate_totp": (lambda w: {}, expect(302), 302),  # needs a recent sign-in
    "mfa_download_recovery_codes": (lambda w: {}, expect(404), 302),  # personas have no recovery codes
    "mfa_generate_recovery_codes": (lambda w: {}, expect(302), 302),  # needs a recent sign-in
    "mfa_reauthenticate": (lambda w: {}, expect(200), 302),
    # Lone working. An empty profile is a valid one (every detail is optional); the visit's
    # buttons take no input but the extension, which an empty POST lacks (an error message on
    # the visit page); acknowledging a visit not in alarm changes nothing.
    **{f"safety:{name}": (lambda w: {}, expect(404, manager_a=code, hub_worker_a=code, worker_a=code, outsider=code),
                          302) for name, code in (("profile", 302), ("start", 400))},
    **{f"safety:{name}": (lambda w: {"ref": w.visit_a().uuid}, expect(404, worker_a=302), 302)
       for name in ("check_in", "extend", "finish", "help")},
    "safety:acknowledge": (lambda w: {"ref": w.visit_a().uuid}, expect(404, manager_a=302), 302),
    "safety:resolve": (lambda w: {"ref": w.visit_a().uuid}, expect(404, manager_a=400), 302),
    "safety:acknowledge_outside": (lambda w: {"token": "not-a-token"}, expect(404), 404),
    "safety:chain": (lambda w: {"ref": w.service_a.uuid}, expect(404, manager_a=400), 302),
    "safety:chain_remove": (lambda w: {"ref": w.service_a.uuid, "step": uuid.uuid4()}, expect(404, manager_a=302), 302),
    # The forum (exchange): partners and those who do not read the staff category get 404; its
    # readers a form error; the exchange lead alone moderates (403 for other members). An empty
    # watch asks which way (a message, nothing written); "show" on a post that is not hidden says
    # so; the email choice left empty is "no email", the default, which writes nothing.
    "exchange:new_thread": (lambda w: {"ref": w.forum_staff().uuid}, FORUM_READERS, 302),
    "exchange:reply": (lambda w: {"ref": w.forum_thread().uuid}, FORUM_READERS, 302),
    "exchange:watch": (lambda w: {"kind": "thread", "ref": w.forum_thread().uuid},
                       {k: 302 if v == 400 else v for k, v in FORUM_READERS.items()}, 302),
    "exchange:moderate": (lambda w: {"ref": w.forum_thread().uuid}, FORUM_MODERATION | {"exchange_lead": 302}, 302),
    "exchange:edit": (lambda w: {"ref": w.forum_post().uuid}, FORUM_MODERATION | {"manager_a": 400}, 302),
    "exchange:report": (lambda w: {"ref": w.forum_post().uuid}, FORUM_READERS | {"manager_a": 403}, 302),
    **{f"exchange:{name}": (lambda w: {"ref": w.forum_post().uuid}, FORUM_MODERATION | {"exchange_lead": code}, 302)
       for name, code in (("hide", 400), ("show", 302), ("redact", 400))},
    "exchange:resolve": (lambda w: {"ref": w.forum_report().uuid}, expect(403, partner_a=404, exchange_lead=400), 302),
    "exchange:category_new": (lambda w: {}, expect(403, partner_a=404, exchange_lead=400), 302),
    "exchange:category_edit": (lambda w: {"ref": w.forum_staff().uuid}, expect(403, partner_a=404, exchange_lead=400),
                               302),
    "exchange:settings": (lambda w: {}, expect(302, partner_a=404), 302),
}

# Where an empty POST is not the telling one, a deliberately invalid POST is sent as well:
# name -> (data from the world, {persona: status}, status when signed out).
INVALID_POSTS = {
    "referrals:young_person_contact": (lambda w: {"email": "not-an-email"}, CASE_PAGE, 302),
    "assessments:section": (lambda w: {"a-missing-often": "definitely"}, CASE_PAGE, 302),  # a forged answer
    "assessments:check": (lambda w: {"agencies": "99999999999999999999"}, CASE_PAGE, 302),  # a forged agency
    "cases:plan_review": (
        lambda w: {"plan_review_on_day": " ", "plan_review_on_month": " ", "plan_review_on_year": " "}, CASE_PAGE, 302,
    ),
    "monitoring:surveys": (
        lambda w: {f"{name}_{part}": " " for name in ("as_of", "due_on") for part in ("day", "month", "year")},
        expect(404, programme_lead=400, evaluator=403),
        302,
    ),
    "monitoring:survey_response": (
        lambda w: {"post-TOTAL_FORMS": "x", "post-INITIAL_FORMS": "0", "add": "1"}, expect(404, manager_a=400), 302,
    ),
    "cases:co_worker": (lambda w: {"worker": "not-a-person"}, expect(404, manager_a=302, worker_a=403), 302),
    # Ends before it starts, and a file that is a PDF only by its name.
    **{
        f"sharing:{name}": (lambda w: _bad_agreement(w), statuses, 302)
        for name, statuses in (
            ("agreement_new", expect(404, manager_a=400, outsider=400, admin=400, hub_worker_a=403, worker_a=403,
                                     partner_a=403)),
            ("agreement_revise", expect(404, manager_a=400, admin=400, hub_worker_a=403, worker_a=403,
                                        partner_a=403)),
        )
    },
    # An event that is not in this case's chronology: 404, and no mark made.
    "cases:mark_event": (lambda w: {"event": str(w.referral_a.uuid), "significant": "on"}, expect(404), 302),
    # A forged one-off safeguarding share with nothing else: refused by its fields, never sent to
    # re-authenticate first, and nothing written.
    "sharing:share": (lambda w: {"route": "safeguarding", "step": "share"}, CASE_PAGE, 302),
    # A kind of information that is not on the list: the form again, nothing written.
    "sharing:not_shared_new": (lambda w: {"categories": "not-a-category"}, CASE_PAGE, 302),
    # A young person's record that is not the manager's to link (or not one at all): not linked.
    "sharing:request_link": (lambda w: {"young_person": str(w.referral_a.uuid)},
                             expect(404, manager_a=400, partner_a=403), 302),
    "sharing:request_new": (lambda w: {"service": str(w.service_b.uuid), "categories": "not-a-kind",
                                       "urgency": "whenever"}, expect(404, partner_a=400), 302),
    # A forged agency and kind of information, a date that is not one.
    "sharing:consent_new": (
        lambda w: {"decision": "given", "given_by": "young_person", "agencies": "99999999999999999999",
                   "categories": "everything", "method": "in_person", "given_on_day": "31", "given_on_month": "2",
                   "given_on_year": "2026", "competence_note": "Understood."},
        CASE_PAGE, 302,
    ),
    "sharing:consent_withdraw": (
        lambda w: {"withdrawn_on_day": "1", "withdrawn_on_month": "1", "withdrawn_on_year": "1990",
                   "withdrawn_by": "referrer", "withdrawal_words": "Stop."},
        CASE_PAGE, 302,
    ),
}


def _bad_agreement(w) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"service": w.service_a.pk, "title": "Protocol", "purpose": "Safety.", "parties": [w.police_a.pk],
            "article6": "public_task", "article9": "safeguarding", "categories": ["risk"],
            "starts_on_day": "1", "starts_on_month": "4", "starts_on_year": "2026",
            "review_on_day": "1", "review_on_month": "4", "review_on_year": "2027",
            "ends_on_day": "1", "ends_on_month": "3", "ends_on_year": "2026", "change_note": "Ended early.",
            "document": SimpleUploadedFile("signed.pdf", b"Not a PDF at all", "application/pdf")}


# These ask for a recent password before a POST is taken: posted just after one.
STEP_UP = {"network:service_settings", "network:end_membership", "monitoring:api_tokens", "retention:period",
           "retention:leads"}

# Where an empty POST is the whole request, those allowed to make it do, and so write.
# name -> the personas whose empty POST writes.
EMPTY_POST_ACTS = {
    "notifications:mark_all_read": set(PERSONAS),
    "monitoring:api_token_revoke": {"evaluator"},
    "assessments:section": {"manager_a", "worker_a"},
    "safety:profile": {"manager_a", "hub_worker_a", "worker_a", "outsider"},
    **{f"safety:{name}": {"worker_a"} for name in ("check_in", "finish", "help")},
}

# allauth's form pages re-shown with their errors (its design: 200, not 400).
ALLAUTH_SHOWN_WITH_ERRORS = {
    "account_change_password", "account_login", "account_reauthenticate", "account_reset_password",
    "mfa_reauthenticate",
}

# Pages about a young person's record. A POST answered with the page (a form error re-shown)
# is a look at that record: an audit row for it is written in that request.
# name -> the record, from the world.
RECORD_PAGES = {
    **{f"referrals:{name}": (lambda w: w.referral_a)
       for name in ("accept", "decline", "request_info", "resolve_info", "close", "sent_answer")},
    "cases:allocate": lambda w: w.referral_a,
    "referrals:edit_young_person": lambda w: w.case_a().young_person,
    "referrals:young_person_contact": lambda w: w.case_a().young_person,
    **{f"cases:{name}": (lambda w: w.case_a())
       for name in ("new_contact", "missing", "missing_episode", "meetings", "outcomes", "transfer", "close",
                    "reopen", "reallocate", "add_goal", "update_goal", "add_action", "plan_review",
                    "accept_transfer", "decline_transfer")},
    "assessments:section": lambda w: w.assessment_a(),
    "assessments:check": lambda w: w.assessment_a(),
    **{f"sharing:{name}": (lambda w: w.case_a().young_person) for name in ("share", "not_shared_new")},
    "sharing:consent_new": lambda w: w.case_a().young_person,
    **{f"engagement:{name}": (lambda w: w.case_a().young_person) for name in ("change", "escalate", "end")},
    "participation:send_link": lambda w: w.case_a(),
    **{f"participation:{name}": (lambda w: w.case_a()) for name in ("consent_new", "quote_new", "participant_change")},
    "sharing:consent_withdraw": lambda w: w.case_a().young_person,
    **{f"stories:{name}": (lambda w: w.case_a().young_person)
       for name in ("edit", "finish", "version_give", "version_check")},
}

# 400 pages that are not a form shown again, so have no error summary: a partner's draft the
# session no longer holds is answered with "start your referral again" (nothing was sent).
NOT_A_FORM_AGAIN = {"referrals:partner_step", "referrals:partner_check"}

# Tables a refused or invalid POST may still write: the audit trail, the session and the
# cache that holds rate limits.
NOT_A_WRITE = {"audit_auditevent", "django_session", "hubspoke_cache"}
_WRITE = re.compile(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def writes():
    """The tables written to in the block, other than NOT_A_WRITE."""
    tables: set[str] = set()

    def watch(execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match and match.group(1) not in NOT_A_WRITE:
            tables.add(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield tables


def _bodies(name):
    yield "empty", lambda w: {}, POST_MATRIX[name][1], POST_MATRIX[name][2]
    if name in INVALID_POSTS:
        data, statuses, anonymous = INVALID_POSTS[name]
        yield "invalid", data, statuses, anonymous


def _check(name, how, response, expected, tables, *, persona, world) -> list[str]:
    """What is wrong with one POST's answer."""
    wrong = []
    status = response.status_code
    if status != expected:
        wrong.append(f"{name} ({how} POST): got {status}, expected {expected}")
    if tables and not (how == "empty" and persona in EMPTY_POST_ACTS.get(name, ())):
        wrong.append(f"{name} ({how} POST): wrote to {sorted(tables)}")
    if status != expected:
        return wrong
    page = response.content.decode() if "text/html" in response.get("Content-Type", "") else ""
    shown_with_errors = (status == 400 and name not in NOT_A_FORM_AGAIN) or (
        status == 200 and name in ALLAUTH_SHOWN_WITH_ERRORS)
    if page and shown_with_errors and "govuk-error-summary" not in page:
        wrong.append(f"{name} ({how} POST): {status} without an error summary")
    to_sign_in = persona is None and status == 302 and name != "account_logout"  # signing out sends you home
    if to_sign_in and not response["Location"].startswith(reverse("account_login")):
        wrong.append(f"{name} ({how} POST): sent to {response['Location']}, not to sign in")
    if name in RECORD_PAGES and status in (200, 400):
        record = RECORD_PAGES[name](world)
        audited = AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_kind=kind_of(record),
                                            subject_ref=str(record.uuid)).exists()
        if not audited:
            wrong.append(f"{name} ({how} POST): the page about {record!r} was shown with no audit row for it")
    return wrong


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_answer_to_every_post(persona, signed_in, world):
    client = signed_in(persona)
    stepped_up = Client()
    stepped_up.force_login(world.people[persona])
    mark_recently_authenticated(stepped_up)
    wrong = []
    for name, (kwargs, _, _) in POST_MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        sender = stepped_up if name in STEP_UP else client
        for how, data, statuses, _ in _bodies(name):
            with writes() as tables:
                response = sender.post(url, data(world))
            wrong += _check(name, how, response, statuses[persona], tables, persona=persona, world=world)
            if "_auth_user_id" not in sender.session:  # signed out by account_logout
                sender.force_login(world.people[persona])
    assert not wrong, "\n".join(wrong)


def test_signed_out_visitor_gets_expected_answer_to_every_post(client, world):
    wrong = []
    for name, (kwargs, _, _) in POST_MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        for how, data, _, anonymous in _bodies(name):
            with writes() as tables:
                response = client.post(url, data(world))
            wrong += _check(name, how, response, anonymous, tables, persona=None, world=world)
    assert not wrong, "\n".join(wrong)


def test_every_url_accepting_post_has_an_entry(signed_in, world):
    """A URL accepts a POST if it answers one with anything but 405 (asked as a signed-in
    manager, so that only the view's own methods decide). The administration site is Django's
    own, tested in test_admin.py."""
    client = signed_in("manager_a")
    accepting = set()
    for name in sorted(n for n in named_urls() if not n.startswith("admin:")):
        kwargs = MATRIX[name][0](world) if name in MATRIX else ALLAUTH[name][0]
        if client.post(reverse(name, kwargs=kwargs)).status_code != 405:
            accepting.add(name)
        if "_auth_user_id" not in client.session:
            client.force_login(world.manager_a)
    assert not accepting - set(POST_MATRIX), f"Add these URLs to POST_MATRIX: {sorted(accepting - set(POST_MATRIX))}"
    assert not set(POST_MATRIX) - accepting, f"These no longer accept a POST: {sorted(set(POST_MATRIX) - accepting)}"
    for table in (INVALID_POSTS, STEP_UP, EMPTY_POST_ACTS, RECORD_PAGES):
        assert set(table) <= set(POST_MATRIX), sorted(set(table) - set(POST_MATRIX))


def test_the_monitoring_api_takes_no_post(client, world):
    """Its endpoints are GET only: a POST is 405 with a key or without one (a GET without one
    is 401, in the GET matrix)."""
    world.api_token_a()
    key = world.made["api_token_a"][1]
    for name in sorted(n for n in named_urls() if n.startswith("monitoring_api:") and n not in POST_MATRIX):
        url = reverse(name, kwargs=MATRIX[name][0](world))
        assert client.get(url).status_code == 401, name
        assert client.post(url).status_code == 405, name
        assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 405, name
