"""The plan page and its small forms, and the plan for turning 18."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import ActionForm, GoalForm, GoalUpdateForm, PlanReviewForm, TransitionPlanForm
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors


def _render_plan(request, case, *, status=200, **bound):
    """The plan page; one of its small forms may come back with errors, everything typed kept."""
    plan = queries.plan_of(case)
    editable = access.may_record(request.user, case)
    for part in plan:
        for goal in part["goals"]:
            ref = str(goal.uuid)
            goal.action_form = bound.get(f"action-{ref}") or ActionForm(goal_ref=ref)
            goal.update_form = bound.get(f"update-{ref}") or GoalUpdateForm(goal_ref=ref, initial={
                "status": goal.status, "agreement": goal.agreement,
                "young_persons_comments": goal.young_persons_comments})
            goal.open_form = next((k for k in bound if k.endswith(ref)), "")
    return render(
        request,
        "cases/plan.html",
        {
            "case": case,
            "plan": plan,
            "editable": editable,
            "goal_form": bound.get("goal") or GoalForm(),
            "review_form": bound.get("review") or PlanReviewForm(initial={"plan_review_on": case.plan_review_on}),
            "errors_in": next(iter(bound), ""),
            "bound_form": next(iter(bound.values()), None),
            "today": today(),
        },
        status=status,
    )


@require_GET
def plan(request, ref):
    case = access.get_case_for(request, ref)
    return _render_plan(request, case)


def _plan_write(request, case, *, key, form, write, message):
    if form.is_valid():
        try:
            write(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("cases:plan", ref=case.uuid)
    return _render_plan(request, case, status=400, **{key: form})


@require_POST
def add_goal(request, ref):
    case = access.get_case_for(request, ref, to="record")
    return _plan_write(request, case, key="goal", form=GoalForm(request.POST), message="Goal added.",
                       write=lambda f: actions.add_goal(actor=request.user, case=case, request=request,
                                                        **f.cleaned_data))


@require_POST
def update_goal(request, ref, goal):
    case = access.get_case_for(request, ref, to="record")
    found = access.get_goal(request, case, goal)
    return _plan_write(request, case, key=f"update-{found.uuid}",
                       form=GoalUpdateForm(request.POST, goal_ref=str(found.uuid)), message="Goal updated.",
                       write=lambda f: actions.update_goal(actor=request.user, goal=found, request=request,
                                                           **f.cleaned_data))


@require_POST
def add_action(request, ref, goal):
    case = access.get_case_for(request, ref, to="record")
    found = access.get_goal(request, case, goal)
    return _plan_write(request, case, key=f"action-{found.uuid}",
                       form=ActionForm(request.POST, goal_ref=str(found.uuid)), message="Action added.",
                       write=lambda f: actions.add_action(actor=request.user, goal=found, request=request,
                                                          **f.cleaned_data))


@require_POST
def action_status(request, ref, action):
    case = access.get_case_for(request, ref, to="record")
    found = access.get_plan_action(request, case, action)
    try:
        actions.set_action_status(actor=request.user, plan_action=found, status=request.POST.get("status", ""),
                                  request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:plan", ref=case.uuid)


@require_POST
def plan_review(request, ref):
    case = access.get_case_for(request, ref, to="record")
    return _plan_write(request, case, key="review", form=PlanReviewForm(request.POST), message="Review date set.",
                       write=lambda f: actions.set_plan_review(actor=request.user, case=case,
                                                               on=f.cleaned_data["plan_review_on"], request=request))


@require_POST
def transition_plan(request, ref):
    case = access.get_case_for(request, ref, to="record")
    form = TransitionPlanForm(request.POST)
    if form.is_valid():
        actions.set_transition_plan(actor=request.user, case=case, plan=form.cleaned_data["transition_plan"],
                                    request=request)
        messages.success(request, "Transition plan saved.")
    else:
        messages.error(request, "Enter the transition plan.")
    return redirect("cases:detail", ref=case.uuid)
