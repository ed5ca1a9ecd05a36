"""The plan: goals under the five elements, their actions, the next review, and the plan for
turning 18. Each change is audited by what changed, never its words. The caller has checked the
actor may record on the case (cases.access.may_record)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import ActionStatus, Case, PlanAction, PlanElement, PlanGoal


@transaction.atomic
def add_goal(*, actor: User, case: Case, element: str, goal: str, request=None) -> PlanGoal:
    locked = locked_open_case(case)
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
def update_goal(*, actor: User, goal: PlanGoal, status: str, agreement: str, young_persons_comments: str,
                request=None) -> PlanGoal:
    locked_case = locked_open_case(goal.case)
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
def add_action(*, actor: User, goal: PlanGoal, action: str, who: str, due_on, request=None) -> PlanAction:
    locked_case = locked_open_case(goal.case)
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
def set_action_status(*, actor: User, plan_action: PlanAction, status: str, request=None) -> PlanAction:
    locked_case = locked_open_case(plan_action.goal.case)
    if status not in ActionStatus.values:
        raise ValidationError("Select a status")
    PlanAction.objects.filter(pk=plan_action.pk).update(
        status=status, finished_at=None if status == ActionStatus.TO_DO else timezone.now())
    audit.record(action="cases.plan.action_status", actor=actor, subject=locked_case, request=request,
                 detail={"action": str(plan_action.uuid), "status": status})
    plan_action.status = status
    return plan_action


@transaction.atomic
def set_plan_review(*, actor: User, case: Case, on, request=None) -> Case:
    locked = locked_open_case(case)
    if on < timezone.localdate():
        raise ValidationError({"plan_review_on": "The next plan review must be today or later"})
    locked.plan_review_on = on
    locked.save(update_fields=["plan_review_on"])
    audit.record(action="cases.plan.review_set", actor=actor, subject=locked, request=request)
    return locked


@transaction.atomic
def set_transition_plan(*, actor: User, case: Case, plan: str, request=None) -> Case:
    locked = locked_open_case(case)
    locked.transition_plan = plan.strip()
    locked.save(update_fields=["transition_plan"])
    audit.record(action="cases.case.transition_plan_set", actor=actor, subject=locked, request=request)
    return locked
