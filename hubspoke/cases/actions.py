"""Allocation: opening a case for an accepted referral, and moving it between workers. Each
runs in one transaction and writes its audit rows in it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hubspoke.assessments import actions as assessment_actions
from hubspoke.assessments import queries as assessment_queries
from hubspoke.audit import actions as audit
from hubspoke.cases import outcomes
from hubspoke.cases.models import (
    ActionStatus,
    Allocation,
    AllocationRole,
    Case,
    CaseClosure,
    CaseReferral,
    CaseStatus,
    CaseTransfer,
    ChronologyMark,
    ClosureReason,
    Contact,
    ContactLocation,
    ContactMethod,
    ContactOutcome,
    Engagement,
    Meeting,
    MeetingKind,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanElement,
    PlanGoal,
    Present,
    Rater,
    Rating,
    RatingOccasion,
    ReturnInterview,
    TransferStatus,
)
from hubspoke.cases.queries import workers_for
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.notifications.actions import notify
from hubspoke.referrals import actions as referral_actions
from hubspoke.referrals.models import Referral, ReferralStatus


def _already_allocated(referral: Referral) -> ValidationError:
    link = CaseReferral.objects.select_related("linked_by").filter(referral=referral).first()
    lead = (
        Allocation.objects.filter(case_id=link.case_id, role=AllocationRole.LEAD, ends_at__isnull=True)
        .select_related("worker")
        .first()
        if link
        else None
    )
    when = f" at {timezone.localtime(link.linked_at):%H:%M on %-d %B}" if link else ""
    by = f" by {link.linked_by}" if link else ""
    to = f" to {lead.worker}" if lead else ""
    return ValidationError(f"This referral has already been allocated{to}{by}{when}.")


@transaction.atomic
def allocate_referral(*, actor, referral: Referral, worker, request=None) -> Case:
    """Open a case for an accepted referral with ``worker`` as lead, or, if the young person
    already has an open case at the service, add the referral to it. Of two people allocating
    the same referral at once, exactly one succeeds; the other is told who did."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Only an accepted referral can be allocated.")
    if CaseReferral.objects.filter(referral=locked).exists():
        raise _already_allocated(locked)
    if not workers_for(service_id=locked.service_id, spoke_id=locked.spoke_id).filter(person=worker).exists():
        raise ValidationError(f"{worker} does not work where this referral is held.")
    now = timezone.now()
    case = Case.objects.filter(young_person_id=locked.young_person_id, status=CaseStatus.OPEN).first()
    opened = case is None
    if opened:
        case = Case.objects.create(
            service=locked.service,
            spoke=locked.spoke,
            young_person_id=locked.young_person_id,
            opened_at=now,
            opened_by=actor,
        )
        Allocation.objects.create(case=case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now)
    try:
        with transaction.atomic():  # the unique referral link settles a race the lock missed
            CaseReferral.objects.create(case=case, referral=locked, linked_at=now, linked_by=actor)
    except IntegrityError:
        raise _already_allocated(locked) from None
    if opened:
        audit.record(
            action="cases.case.opened",
            actor=actor,
            subject=case,
            request=request,
            detail={"referral": str(locked.uuid), "lead": str(worker.uuid)},
        )
    audit.record(
        action="cases.case.referral_linked",
        actor=actor,
        subject=case,
        request=request,
        detail={"referral": str(locked.uuid)},
    )
    return case


@transaction.atomic
def reallocate_case(*, actor, case: Case, worker, reason: str = "", request=None) -> Allocation:
    """A new lead worker; the previous allocation ends now and stays in the history. The
    caller has checked that the actor manages the case's service."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("This case is closed. Reopen it before changing its lead worker.")
    current = locked.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).first()
    if current is not None and current.worker_id == worker.pk:
        raise ValidationError(f"{worker} is already the lead worker.")
    if not workers_for(service_id=locked.service_id, spoke_id=locked.spoke_id).filter(person=worker).exists():
        raise ValidationError(f"{worker} does not work where this case is held.")
    now = timezone.now()
    if current is not None:
        current.ends_at = now
        current.save(update_fields=["ends_at"])
    allocation = Allocation.objects.create(
        case=locked, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now, reason=reason.strip()
    )
    audit.record(
        action="cases.allocation.changed",
        actor=actor,
        subject=locked,
        request=request,
        detail={"from": str(current.worker.uuid) if current else None, "to": str(worker.uuid)},
    )
    return allocation


IN_PERSON = (ContactMethod.FACE_TO_FACE, ContactMethod.OUTREACH, ContactMethod.GROUP)
CONTACT_FIELDS = ("occurred_at", "duration_minutes", "method", "location", "outcome", "present",
                  "professionals_present", "elements", "notes", "restricted")


def contact_choice_errors(fields: dict) -> dict:
    """Where and who, as the method and outcome need them; by field, for the form too."""
    errors = {}
    if fields.get("method") in IN_PERSON and not fields.get("location"):
        errors["location"] = "Select where it took place"
    if fields.get("location") and fields["location"] not in ContactLocation.values:
        errors["location"] = "Select where it took place"
    if fields.get("outcome") == ContactOutcome.ATTENDED and not fields.get("present"):
        errors["present"] = "Select who was there"
    return errors


def check_contact(fields: dict, *, earliest) -> None:
    """What a contact must say, with errors named by field for the form."""
    errors = contact_choice_errors(fields)
    if fields["occurred_at"] > timezone.now():
        errors["occurred_on"] = "The date of the contact must not be in the future"
    elif earliest and timezone.localdate(fields["occurred_at"]) < earliest:
        errors["occurred_on"] = "The date of the contact must be on or after the day the referral arrived"
    unknown = set(fields.get("present", [])) - set(Present.values) | set(fields.get("elements", [])) - set(
        PlanElement.values)
    if unknown:
        raise ValueError(f"Unknown choices: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)


def earliest_contact_day(case: Case):
    received = Referral.objects.filter(case_link__case=case).order_by("received_at").values("received_at").first()
    return timezone.localdate(received["received_at"]) if received else None


@transaction.atomic
def record_contact(*, actor, case: Case, fields: dict, request=None) -> Contact:
    """A contact or an attempt. The first one that reaches the young person stops the
    first-contact clock. The caller has checked the actor may record on the case."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("This case is closed.")
    check_contact(fields, earliest=earliest_contact_day(locked))
    reached = fields["outcome"] == ContactOutcome.ATTENDED and Present.YOUNG_PERSON in fields.get("present", [])
    contact = Contact.objects.create(case=locked, recorded_at=timezone.now(), recorded_by=actor, reached=reached,
                                     **fields)
    day = timezone.localdate(contact.occurred_at)
    if reached and (locked.first_contact_on is None or day < locked.first_contact_on):
        locked.first_contact_on = day
        locked.save(update_fields=["first_contact_on"])
    audit.record(action="cases.contact.recorded", actor=actor, subject=locked, request=request,
                 detail={"contact": str(contact.uuid), "restricted": contact.restricted})
    return contact


# --- The plan ------------------------------------------------------------------------------
# Each change is audited by what changed, never its words. The caller has checked the actor may
# record on the case (cases.access.may_record).


def _open_case(case: Case) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("This case is closed.")
    return locked


@transaction.atomic
def add_goal(*, actor, case: Case, element: str, goal: str, request=None) -> PlanGoal:
    locked = _open_case(case)
    if element not in PlanElement.values:
        raise ValidationError({"element": "Select which part of the work this goal is about"})
    if not goal.strip():
        raise ValidationError({"goal": "Enter the goal"})
    made = PlanGoal.objects.create(case=locked, element=element, goal=goal.strip(), created_at=timezone.now(),
                                   created_by=actor)
    audit.record(action="cases.plan.goal_added", actor=actor, subject=locked, request=request,
                 detail={"goal": str(made.uuid), "element": element})
    return made


@transaction.atomic
def update_goal(*, actor, goal: PlanGoal, status: str, agreement: str, young_persons_comments: str,
                request=None) -> PlanGoal:
    locked_case = _open_case(goal.case)
    goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    changed = [name for name, value in (("status", status), ("agreement", agreement),
                                        ("young_persons_comments", young_persons_comments.strip()))
               if getattr(goal, name) != value]
    if not changed:
        return goal
    if "status" in changed:
        goal.status_changed_at = timezone.now()
    goal.status, goal.agreement, goal.young_persons_comments = status, agreement, young_persons_comments.strip()
    goal.full_clean()
    goal.save()
    audit.record(action="cases.plan.goal_changed", actor=actor, subject=locked_case, request=request,
                 detail={"goal": str(goal.uuid), "fields": changed})
    return goal


@transaction.atomic
def add_action(*, actor, goal: PlanGoal, action: str, who: str, due_on, request=None) -> PlanAction:
    locked_case = _open_case(goal.case)
    errors = {}
    if not action.strip():
        errors["action"] = "Enter what will be done"
    if not who.strip():
        errors["who"] = "Enter who will do it"
    if errors:
        raise ValidationError(errors)
    made = PlanAction.objects.create(goal=goal, action=action.strip(), who=who.strip(), due_on=due_on,
                                     created_at=timezone.now(), created_by=actor)
    audit.record(action="cases.plan.action_added", actor=actor, subject=locked_case, request=request,
                 detail={"goal": str(goal.uuid), "action": str(made.uuid)})
    return made


@transaction.atomic
def set_action_status(*, actor, plan_action: PlanAction, status: str, request=None) -> PlanAction:
    locked_case = _open_case(plan_action.goal.case)
    if status not in ActionStatus.values:
        raise ValidationError("Select a status")
    PlanAction.objects.filter(pk=plan_action.pk).update(
        status=status, finished_at=None if status == ActionStatus.TO_DO else timezone.now())
    audit.record(action="cases.plan.action_status", actor=actor, subject=locked_case, request=request,
                 detail={"action": str(plan_action.uuid), "status": status})
    plan_action.status = status
    return plan_action


@transaction.atomic
def set_plan_review(*, actor, case: Case, on, request=None) -> Case:
    locked = _open_case(case)
    if on < timezone.localdate():
        raise ValidationError({"plan_review_on": "The next plan review must be today or later"})
    locked.plan_review_on = on
    locked.save(update_fields=["plan_review_on"])
    audit.record(action="cases.plan.review_set", actor=actor, subject=locked, request=request)
    return locked


@transaction.atomic
def mark_significant(*, actor, case: Case, event_ref, significant: bool, request=None) -> None:
    """Mark (or unmark) an event in the case's chronology as significant."""
    if significant:
        ChronologyMark.objects.get_or_create(case=case, event_ref=event_ref,
                                             defaults={"marked_at": timezone.now(), "marked_by": actor})
    else:
        ChronologyMark.objects.filter(case=case, event_ref=event_ref).delete()
    audit.record(action="cases.chronology.marked" if significant else "cases.chronology.unmarked", actor=actor,
                 subject=case, request=request, detail={"event": str(event_ref)})


# --- Closing and reopening -----------------------------------------------------------------


def current_risk(case: Case) -> assessment_queries.RiskNow:
    """Where the young person's risk stands now (a lower judgement waiting for its
    countersignature does not lower it)."""
    return assessment_queries.risk_now(case.young_person)


CLOSED_AT_RISK = "cases.closed_at_risk"


def _end_the_work(*, actor, case: Case, risk, at) -> None:
    """What follows every closing, however it came about: the allocations end, nobody is asked
    to countersign the young person's assessments any more, and the service's managers are
    told where the risk stood at medium or higher."""
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    case.allocations.filter(ends_at__isnull=True).update(ends_at=at)
    assessment_actions.withdraw_countersignature_requests(young_person=case.young_person)
    if risk.above_lowest:
        managers = [m.person for m in network_queries.managers_of([case.service_id]) if m.person_id != actor.pk]
        notify(recipients=managers, kind=CLOSED_AT_RISK, subject=case)


@transaction.atomic
def close_case(*, actor, case: Case, reason: str, summary: str, engagement: str, outcomes_achieved: str,
               what_helped: str = "", approval_rationale: str = "", statutory_agency_told: str = "",
               statutory_told_on=None, request=None) -> CaseClosure:
    """Close with a reason, a summary and a closing rating.

    Whatever the reason given, a case whose risk stands at its tool's highest level (counting
    a computed level whose lower judgement still waits for its countersignature) closes only by
    a manager, with a rationale and a record of the statutory agency told and when: a high-risk
    case must not close because a child is "not engaging", however that is put. "Transferred"
    is never given here: a case is transferred only by a transfer its receiving service
    accepts. The service's managers are told whenever a case at medium risk or higher closes.
    The allocations end; the history stays."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("young_person", "service").get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("This case is already closed.")
    risk = current_risk(locked)
    guarded = risk.highest
    errors = {}
    if reason == ClosureReason.TRANSFERRED:
        errors["reason"] = ("Select another reason. To transfer the case, ask the receiving service to take it on: "
                            "use “Transfer” on the case page")
    elif reason not in ClosureReason.values:
        errors["reason"] = "Select why the case is closing"
    if not summary.strip():
        errors["summary"] = "Enter a closing summary"
    if engagement not in Engagement.values:
        errors["engagement"] = "Select how engaged they were"
    if outcomes_achieved not in Rating.values:
        errors["outcomes_achieved"] = "Select how many outcomes were achieved"
    if guarded and not scoping.can_manage_service(actor, locked.service_id):
        # The approval's fields are not on a worker's page: say what to do instead.
        errors["__all__"] = (f"The current risk is {risk.label.lower()}: only a manager can close this case, with a "
                             f"rationale and a record of the statutory agency told. Ask a manager at "
                             f"{locked.service.name} to close it.")
    elif guarded:
        if not approval_rationale.strip():
            errors["approval_rationale"] = "Enter why closing is right although the risk is high"
        if not statutory_agency_told.strip():
            errors["statutory_agency_told"] = "Enter which statutory agency was told"
        if statutory_told_on is None:
            errors["statutory_told_on"] = "Enter when they were told"
        elif statutory_told_on > timezone.localdate():
            errors["statutory_told_on"] = "The date they were told must not be in the future"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    closure = CaseClosure.objects.create(
        case=locked, closed_at=now, closed_by=actor, reason=reason, summary=summary.strip(),
        risk_now=risk.label, engagement=engagement,
        outcomes_achieved=outcomes_achieved, what_helped=what_helped.strip(), guarded=guarded,
        approval_rationale=approval_rationale.strip() if guarded else "",
        statutory_agency_told=statutory_agency_told.strip() if guarded else "",
        statutory_told_on=statutory_told_on if guarded else None,
    )
    audit.record(action="cases.case.closed", actor=actor, subject=locked, request=request,
                 detail={"reason": reason, "guarded": guarded, "risk_rank": risk.rank})
    _end_the_work(actor=actor, case=locked, risk=risk, at=now)
    return closure


@transaction.atomic
def reopen_case(*, actor, case: Case, reason: str, worker, request=None) -> Case:
    """Reopen a closed case with a new lead worker; the closure and the earlier allocations
    stay in the history. The caller has checked the actor manages the service."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLOSED:
        raise ValidationError("This case is open.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is reopening"})
    if Case.objects.filter(young_person_id=locked.young_person_id, status=CaseStatus.OPEN).exists():
        raise ValidationError("The young person already has an open case at this service: work there instead.")
    if not workers_for(service_id=locked.service_id, spoke_id=locked.spoke_id).filter(person=worker).exists():
        raise ValidationError(f"{worker} does not work where this case is held.")
    now = timezone.now()
    CaseClosure.objects.filter(case=locked, reopened_at__isnull=True).update(
        reopened_at=now, reopened_by=actor, reopen_reason=reason.strip())
    locked.status = CaseStatus.OPEN
    locked.save(update_fields=["status"])
    Allocation.objects.create(case=locked, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now,
                              reason=reason.strip())
    audit.record(action="cases.case.reopened", actor=actor, subject=locked, request=request,
                 detail={"lead": str(worker.uuid)})
    assessment_actions.renew_countersignature_requests(young_person=locked.young_person)
    return locked


# --- Missing episodes and meetings -------------------------------------------------------

EPISODE_FIELDS = ("started_at", "ended_at", "reported_to_police", "police_reference", "return_interview",
                  "return_interview_by", "where_found", "associates", "places")


def _check_episode(fields: dict) -> None:
    errors = {}
    now = timezone.now()
    if fields["started_at"] > now:
        errors["started_on"] = "The date they went missing must not be in the future"
    if fields.get("ended_at"):
        if fields["ended_at"] > now:
            errors["ended_on"] = "The date they came back must not be in the future"
        elif fields["ended_at"] < fields["started_at"]:
            errors["ended_on"] = "The date they came back must be on or after the date they went missing"
    if fields.get("return_interview") not in ReturnInterview.values:
        errors["return_interview"] = "Select whether a return interview was offered"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_missing_episode(*, actor, case: Case, fields: dict, request=None) -> MissingEpisode:
    unknown = set(fields) - set(EPISODE_FIELDS)
    if unknown:
        raise ValueError(f"Not missing-episode fields: {sorted(unknown)}")
    locked = _open_case(case)
    _check_episode(fields)
    episode = MissingEpisode.objects.create(case=locked, recorded_at=timezone.now(), recorded_by=actor, **fields)
    audit.record(action="cases.missing.recorded", actor=actor, subject=locked, request=request,
                 detail={"episode": str(episode.uuid)})
    return episode


@transaction.atomic
def update_missing_episode(*, actor, episode: MissingEpisode, fields: dict, request=None) -> MissingEpisode:
    unknown = set(fields) - set(EPISODE_FIELDS)
    if unknown:
        raise ValueError(f"Not missing-episode fields: {sorted(unknown)}")
    locked_case = _open_case(episode.case)
    _check_episode(fields)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    changed = sorted(name for name, value in fields.items() if getattr(episode, name) != value)
    for name in changed:
        setattr(episode, name, fields[name])
    if changed:
        episode.save()
        audit.record(action="cases.missing.changed", actor=actor, subject=locked_case, request=request,
                     detail={"episode": str(episode.uuid), "fields": changed})
    return episode


@transaction.atomic
def record_meeting(*, actor, case: Case, kind: str, held_on, agencies_present: str, decisions: str,
                   actions: str = "", request=None) -> Meeting:
    locked = _open_case(case)
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Select the kind of meeting"
    if held_on > timezone.localdate():
        errors["held_on"] = "The date of the meeting must not be in the future"
    if not agencies_present.strip():
        errors["agencies_present"] = "Enter the agencies that were there"
    if not decisions.strip():
        errors["decisions"] = "Enter what was decided"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(case=locked, kind=kind, held_on=held_on, agencies_present=agencies_present.strip(),
                                     decisions=decisions.strip(), actions=actions.strip(), recorded_at=timezone.now(),
                                     recorded_by=actor)
    audit.record(action="cases.meeting.recorded", actor=actor, subject=locked, request=request,
                 detail={"meeting": str(meeting.uuid), "kind": kind})
    return meeting


@transaction.atomic
def set_transition_plan(*, actor, case: Case, plan: str, request=None) -> Case:
    locked = _open_case(case)
    locked.transition_plan = plan.strip()
    locked.save(update_fields=["transition_plan"])
    audit.record(action="cases.case.transition_plan_set", actor=actor, subject=locked, request=request)
    return locked


@transaction.atomic
def rate_outcomes(*, actor, case: Case, rated_on, occasion: str, rater: str, scores: dict,
                  personal_goals: list[dict], request=None) -> OutcomeRating:
    """A rating of every outcome area (1 to 5) and up to three personal goals (0 to 10)."""

    locked = Case.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if rated_on > timezone.localdate():
        errors["rated_on"] = "The date of the rating must not be in the future"
    if occasion not in RatingOccasion.values:
        errors["occasion"] = "Select when this rating is"
    if rater not in Rater.values:
        errors["rater"] = "Select who is rating"
    for area in outcomes.AREAS:
        if scores.get(area.id) not in outcomes.SCALE:
            errors[f"area_{area.id}"] = f"Select a rating for {area.label.lower()}"
    if set(scores) - set(outcomes.AREA_IDS):
        raise ValueError("Unknown outcome areas")
    goals = [g for g in personal_goals if (g.get("goal") or "").strip()]
    if len(goals) > outcomes.MAX_GOALS or any(g.get("score") not in outcomes.GOAL_SCALE for g in goals):
        errors["__all__"] = "Rate each personal goal from 0 to 10 (up to three goals)"
    if errors:
        raise ValidationError(errors)
    rating = OutcomeRating.objects.create(
        case=locked, rated_on=rated_on, occasion=occasion, rater=rater, scores=scores,
        personal_goals=[{"goal": g["goal"].strip(), "score": g["score"]} for g in goals],
        recorded_at=timezone.now(), recorded_by=actor,
    )
    audit.record(action="cases.outcomes.rated", actor=actor, subject=locked, request=request,
                 detail={"rating": str(rating.uuid), "rater": rater, "occasion": occasion})
    return rating


# --- Transfer ----------------------------------------------------------------------------


@transaction.atomic
def request_transfer(*, actor, case: Case, to_service, to_spoke=None, handover_summary: str,
                     request=None) -> CaseTransfer:
    """Ask the receiving service's managers to take the work on. The caller has checked the
    actor may record on the case."""
    locked = _open_case(case)
    errors = {}
    if to_spoke is not None and to_spoke.service_id != to_service.pk:
        errors["to_spoke"] = "Select a spoke of that service"
    if to_service.pk == locked.service_id and (to_spoke.pk if to_spoke else None) == locked.spoke_id:
        errors["to_service"] = "Select somewhere other than where the work is held now"
    if not handover_summary.strip():
        errors["handover_summary"] = "Enter the handover summary"
    if locked.transfers_out.filter(status=TransferStatus.REQUESTED).exists():
        errors["__all__"] = "A transfer of this case is already waiting for an answer"
    if errors:
        raise ValidationError(errors)
    transfer = CaseTransfer.objects.create(case=locked, to_service=to_service, to_spoke=to_spoke,
                                           handover_summary=handover_summary.strip(), requested_at=timezone.now(),
                                           requested_by=actor)
    audit.record(action="cases.transfer.requested", actor=actor, subject=locked, request=request,
                 detail={"transfer": str(transfer.uuid), "to_service": str(to_service.uuid)})
    managers = [m.person for m in network_queries.managers_of([to_service.pk]) if m.person_id != actor.pk]
    notify(recipients=managers, kind="cases.transfer", subject=transfer)
    return transfer


@transaction.atomic
def decline_transfer(*, actor, transfer: CaseTransfer, reason: str, request=None) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.REQUESTED:
        raise ValidationError("This transfer has already been answered.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the transfer is declined"})
    locked.status, locked.decided_at, locked.decided_by = TransferStatus.DECLINED, timezone.now(), actor
    locked.decline_reason = reason.strip()
    locked.save()
    audit.record(action="cases.transfer.declined", actor=actor, subject=locked.case, request=request,
                 detail={"transfer": str(locked.uuid)})
    return locked


@transaction.atomic
def accept_transfer(*, actor, transfer: CaseTransfer, worker, request=None) -> Case:
    """The receiving manager takes the work on with a lead worker. Within one service the case
    moves to the new spoke; to another service the young person's record is copied there
    (details, other names and contact details), a new case opens with the handover summary,
    and the sending case closes as transferred. The caller has checked the actor manages the
    receiving service."""
    locked = CaseTransfer.objects.select_for_update().select_related("case__young_person").get(pk=transfer.pk)
    if locked.status != TransferStatus.REQUESTED:
        raise ValidationError("This transfer has already been answered.")
    case = _open_case(locked.case)
    spoke_id = locked.to_spoke_id
    if not workers_for(service_id=locked.to_service_id, spoke_id=spoke_id).filter(person=worker).exists():
        raise ValidationError(f"{worker} does not work where the case is going.")
    now = timezone.now()
    person = case.young_person
    if locked.to_service_id == case.service_id:
        # Everything about the young person is seen where the work is held: the old spoke sees
        # none of it (referrals and assessments follow the record, see their queries).
        case.spoke_id = spoke_id
        case.save(update_fields=["spoke"])
        referral_actions.move_young_person(actor=actor, person=person, spoke=locked.to_spoke, request=request)
        case.allocations.filter(ends_at__isnull=True).update(ends_at=now)
        Allocation.objects.create(case=case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor,
                                  starts_at=now, reason="Transferred: " + locked.handover_summary[:200])
        new_case = case
    else:
        copy = referral_actions.copy_young_person(actor=actor, person=person, service=locked.to_service,
                                                  spoke=locked.to_spoke, request=request)
        new_case = Case.objects.create(service=locked.to_service, spoke=locked.to_spoke, young_person=copy,
                                       opened_at=now, opened_by=actor)
        Allocation.objects.create(case=new_case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor,
                                  starts_at=now)
        risk = current_risk(case)
        CaseClosure.objects.create(
            case=case, closed_at=now, closed_by=actor, reason=ClosureReason.TRANSFERRED,
            summary=f"Transferred to {locked.to_service.name}. Handover: {locked.handover_summary}",
            risk_now=risk.label, engagement="sometimes", outcomes_achieved="some",
        )
        _end_the_work(actor=actor, case=case, risk=risk, at=now)
    locked.status, locked.decided_at, locked.decided_by, locked.new_case = TransferStatus.ACCEPTED, now, actor, new_case
    locked.save()
    audit.record(action="cases.transfer.accepted", actor=actor, subject=case, request=request,
                 detail={"transfer": str(locked.uuid)})
    if new_case.pk != case.pk:
        audit.record(action="cases.case.opened", actor=actor, subject=new_case, request=request,
                     detail={"transfer": str(locked.uuid), "lead": str(worker.uuid)})
    return new_case


@transaction.atomic
def set_co_worker(*, actor, case: Case, worker=None, request=None) -> Allocation | None:
    """A second worker on the case (or none): they can see and record on it like the lead. The
    previous co-worker's allocation ends and stays in the history. The caller has checked the
    actor manages the service."""
    locked = _open_case(case)
    now = timezone.now()
    current = locked.allocations.filter(role=AllocationRole.CO_WORKER, ends_at__isnull=True).first()
    lead = locked.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).first()
    if worker is not None:
        if lead is not None and lead.worker_id == worker.pk:
            raise ValidationError({"worker": f"{worker} is already the lead worker"})
        if current is not None and current.worker_id == worker.pk:
            raise ValidationError({"worker": f"{worker} is already the co-worker"})
        if not workers_for(service_id=locked.service_id, spoke_id=locked.spoke_id).filter(person=worker).exists():
            raise ValidationError({"worker": f"{worker} does not work where this case is held"})
    if current is not None:
        current.ends_at = now
        current.save(update_fields=["ends_at"])
    made = None
    if worker is not None:
        made = Allocation.objects.create(case=locked, worker=worker, role=AllocationRole.CO_WORKER,
                                         allocated_by=actor, starts_at=now)
    audit.record(action="cases.allocation.co_worker", actor=actor, subject=locked, request=request,
                 detail={"to": str(worker.uuid) if worker else None})
    return made
