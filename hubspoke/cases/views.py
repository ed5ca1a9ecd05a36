import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.assessments import queries as assessment_queries
from hubspoke.cases import access, actions, chronology, outcomes, queries
from hubspoke.cases.forms import (
    ActionForm,
    AllocateForm,
    ChronologyFilterForm,
    CloseCaseForm,
    ContactForm,
    DeclineTransferForm,
    GoalForm,
    GoalUpdateForm,
    MeetingForm,
    MissingEpisodeForm,
    OutcomeRatingForm,
    PlanReviewForm,
    ReallocateForm,
    ReopenForm,
    TransferForm,
    TransitionPlanForm,
)
from hubspoke.cases.models import CaseReferral, Rater
from hubspoke.cases.timeliness import days_since, eighteenth_birthday, first_contact, hard_to_reach, turning_18_soon
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.referrals.models import ReferralStatus

PAGE_SIZE = 50


@require_GET
def waiting_list(request):
    access.require_staff(request)
    page = Paginator(queries.waiting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = [
        {
            "referral": r,
            "days": (on - r.accepted_at.date()).days if r.accepted_at else None,
            "first_contact": first_contact(
                accepted_at=r.accepted_at,
                target_working_days=r.service.first_contact_target_working_days,
                made_on=None,
                on=on,
            ),
        }
        for r in page
    ]
    return render(
        request,
        "cases/waiting_list.html",
        {
            "page": page,
            "rows": rows,
            "managed": scoping.scope_for(request.user).managed_service_ids,
        },
    )


@require_http_methods(["GET", "POST"])
def allocate(request, ref):
    referral = access.get_referral_to_allocate(request, ref)
    if referral.status != ReferralStatus.ACCEPTED or CaseReferral.objects.filter(referral=referral).exists():
        messages.info(request, "This referral is not waiting for a worker.")
        return redirect("referrals:detail", ref=referral.uuid)
    workers = queries.eligible_workers(service_id=referral.service_id, spoke_id=referral.spoke_id)
    form = AllocateForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.allocate_referral(
                actor=request.user, referral=referral, worker=form.membership.person, request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{referral.young_person} is allocated to {form.membership.person.full_name}.")
            return redirect("cases:waiting_list")
    return render(
        request, "cases/allocate.html", {"referral": referral, "form": form}, status=400 if form.errors else 200
    )


def _caseload_rows(allocations):
    on = today()
    return [
        {
            "allocation": a,
            "counts": queries.counted_weight(role=a.role, weight=a.weight,
                                             co_worked_cases=a.case.service.co_worked_cases),
            "days_since_contact": days_since(a.last_reached, on),
            "turning_18": turning_18_soon(a.case.young_person.date_of_birth, on),
            "hard_to_reach": hard_to_reach(attempts=a.attempts_since, last_reached=a.last_reached,
                                           opened_at=a.case.opened_at, on=on),
            "first_contact": first_contact(
                accepted_at=a.accepted_at,
                target_working_days=a.case.service.first_contact_target_working_days,
                made_on=a.case.first_contact_on,
                on=on,
            ),
        }
        for a in allocations
    ]


@require_GET
def team(request):
    access.require_manager(request)
    return render(request, "cases/team.html", {"members": queries.with_loads(queries.team_caseload(request.user))})


@require_GET
def mine(request):
    access.require_staff(request)
    capacities = [m.caseload_capacity for m in scoping.scope_for(request.user).memberships if m.caseload_capacity]
    return render(
        request,
        "cases/mine.html",
        {"rows": _caseload_rows(queries.my_caseload(request.user)), "mine": True, "today": today(),
         "load": queries.loads_of([request.user.pk]).get(request.user.pk) or queries.Load(),
         "capacity": max(capacities, default=None)},
    )


@require_GET
def levels(request):
    """For reflection: where the service's open cases stand, how often workers' judgement
    differs from the tools and which way, and which reviews are overdue."""
    access.require_manager(request)
    services = scoping.scope_for(request.user).managed_service_ids
    since = today() - dt.timedelta(days=365)
    judgement = queries.judgement_against_computed(services, since=since)
    distribution = queries.level_distribution(services)
    page = Paginator(queries.reviews_overdue(services), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/levels.html",
        {
            "distribution": distribution,
            "open_cases": sum(row["n"] for row in distribution),
            "judgement": judgement,
            "since": since,
            "page": page,
        },
    )


@require_GET
def worker_caseload(request, ref):
    """A manager looks at one of their team's cases (those at the services they manage)."""
    member = access.get_team_member(request, ref)
    allocations = queries.caseload_of(member.person, service_ids=scoping.scope_for(request.user).managed_service_ids)
    return render(
        request,
        "cases/mine.html",
        {"rows": _caseload_rows(allocations), "mine": False, "member": member, "today": today(),
         "load": queries.loads_of([member.person_id]).get(member.person_id) or queries.Load(),
         "capacity": member.caseload_capacity},
    )


RECENT_CONTACTS = 10


def _contact_rows(contacts, *, may_read_restricted: bool):
    return [{"contact": c, "show_note": not c.restricted or may_read_restricted} for c in contacts]


@require_GET
def case_detail(request, ref):
    case = access.get_case_for(request, ref)
    lead = queries.current_lead(case)
    on = today()
    reader = access.may_read_restricted(request.user, case)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "lead": lead,
            "history": queries.allocation_history(case),
            "referrals": queries.case_referrals(case),
            "first_contact": first_contact(
                accepted_at=case.accepted_at,
                target_working_days=case.service.first_contact_target_working_days,
                made_on=case.first_contact_on,
                on=on,
            ),
            "days_since_contact": days_since(case.last_reached, on),
            "hard_to_reach": hard_to_reach(attempts=case.attempts_since, last_reached=case.last_reached,
                                           opened_at=case.opened_at, on=on),
            "contacts": _contact_rows(queries.contacts_of(case)[:RECENT_CONTACTS], may_read_restricted=reader),
            "contact_count": case.contacts.count(),
            "can_manage": scoping.can_manage_service(request.user, case.service_id),
            "may_record": access.may_record(request.user, case),
            "closures": case.closures.select_related("closed_by", "reopened_by").order_by("-closed_at"),
            "co_worker": queries.current_co_worker(case),
            "co_worker_choices": [m for m in queries.workers_for(service_id=case.service_id, spoke_id=case.spoke_id)
                                  if not lead or m.person_id != lead.worker_id]
            if scoping.can_manage_service(request.user, case.service_id) and case.status == "open" else [],
            "transfers": queries.transfers_of(case),
            "eighteen_on": eighteenth_birthday(case.young_person.date_of_birth),
            "turning_18": turning_18_soon(case.young_person.date_of_birth, on),
            "transition_form": TransitionPlanForm(initial={"transition_plan": case.transition_plan}),
            "latest": assessment_queries.completed_of(case.young_person).first(),
            "today": on,
        },
    )


@require_GET
def contacts(request, ref):
    case = access.get_case_for(request, ref)
    page = Paginator(queries.contacts_of(case), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/contacts.html",
        {"case": case, "page": page,
         "contacts": _contact_rows(page, may_read_restricted=access.may_read_restricted(request.user, case)),
         "may_record": access.may_record(request.user, case)},
    )


@require_http_methods(["GET", "POST"])
def new_contact(request, ref):
    """Recording a contact: one short page, quick on a phone."""
    case = access.get_case_for(request, ref, to="record")
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                actions.record_contact(actor=request.user, case=case, fields=form.fields_for_action(),
                                       request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Contact recorded.")
                return redirect("cases:detail", ref=case.uuid)
    else:
        form = ContactForm(initial={"occurred_on": today(), "outcome": "attended", "present": ["young_person"]})
    return render(request, "cases/contact_new.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def restricted_note(request, ref, contact):
    case, found = access.get_restricted_contact_for(request, ref, contact)
    return render(request, "cases/restricted_note.html", {"case": case, "contact": found})


@require_http_methods(["GET", "POST"])
def reallocate(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    lead = queries.current_lead(case)
    workers = queries.eligible_workers(service_id=case.service_id, spoke_id=case.spoke_id)
    form = ReallocateForm(
        request.POST if request.method == "POST" else None,
        workers=workers,
        current_lead_id=lead.worker_id if lead else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.reallocate_case(
                actor=request.user,
                case=case,
                worker=form.membership.person,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{form.membership.person.full_name} is now the lead worker.")
            return redirect("cases:detail", ref=case.uuid)
    return render(
        request,
        "cases/reallocate.html",
        {"case": case, "lead": lead, "form": form},
        status=400 if form.errors else 200,
    )


# --- The plan ------------------------------------------------------------------------------


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


# --- Chronology ----------------------------------------------------------------------------


@require_GET
def chronology_view(request, ref):
    case = access.get_case_for(request, ref)
    form = ChronologyFilterForm(request.GET or None, kinds=chronology.KINDS)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = chronology.events_for(
        case, may_read_restricted=access.may_read_restricted(request.user, case),
        kinds=filters.get("kinds"), since=filters.get("since"), until=filters.get("until"),
        significant_only=filters.get("significant", False),
    )
    return render(
        request,
        "cases/chronology.html",
        {"case": case, "events": events, "form": form, "may_record": access.may_record(request.user, case),
         "query": request.GET.urlencode()},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def mark_event(request, ref):
    case = access.get_case_for(request, ref, to="record")
    try:
        event = uuid.UUID(request.POST.get("event", ""))
    except ValueError:
        raise access.not_an_event(request, case) from None
    # Only an event of this case's chronology is marked: never a reference to nothing.
    if str(event) not in {e.ref for e in chronology.events_for(case, may_read_restricted=True)}:
        raise access.not_an_event(request, case)
    actions.mark_significant(actor=request.user, case=case, event_ref=event,
                             significant=request.POST.get("significant") == "on", request=request)
    query = request.POST.get("query", "")
    return redirect(reverse("cases:chronology", kwargs={"ref": case.uuid}) + (f"?{query}" if query else ""))


# --- Closing and reopening -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def close_case(request, ref):
    case = access.get_case_for(request, ref, to="record")
    risk = queries.current_risk(case)
    form = CloseCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case(actor=request.user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The case is closed.")
            return redirect("cases:detail", ref=case.uuid)
    return render(
        request,
        "cases/close.html",
        {"case": case, "form": form, "risk": risk,
         "can_manage": scoping.can_manage_service(request.user, case.service_id)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def reopen_case(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    workers = queries.eligible_workers(service_id=case.service_id, spoke_id=case.spoke_id)
    form = ReopenForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reopen_case(actor=request.user, case=case, reason=form.cleaned_data["reason"],
                                worker=form.membership.person, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The case is open again, led by {form.membership.person.full_name}.")
            return redirect("cases:detail", ref=case.uuid)
    return render(request, "cases/reopen.html", {"case": case, "form": form}, status=400 if form.errors else 200)


# --- Missing episodes and meetings -------------------------------------------------------


@require_http_methods(["GET", "POST"])
def missing(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = MissingEpisodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_missing_episode(actor=request.user, case=case, fields=form.fields_for_action(),
                                           request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Missing episode recorded.")
            return redirect("cases:missing", ref=case.uuid)
    episodes = case.missing_episodes.select_related("recorded_by").order_by("-started_at", "-pk")
    return render(request, "cases/missing.html", {
        "case": case, "episodes": episodes, "form": form, "may_record": access.may_record(request.user, case),
        "may_read_restricted": access.may_read_restricted(request.user, case),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def missing_episode(request, ref, episode):
    """One episode's restricted details (every look audited), and changing it (the return, the
    interview) while the case is open."""
    case, found = access.get_missing_episode_for(request, ref, episode)
    editable = access.may_record(request.user, case)
    form = MissingEpisodeForm(request.POST if request.method == "POST" else None,
                              initial=MissingEpisodeForm.initial_from(found))
    if request.method == "POST":
        if not editable:
            raise access.read_only(request, case)
        if form.is_valid():
            try:
                actions.update_missing_episode(actor=request.user, episode=found, fields=form.fields_for_action(),
                                               request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Missing episode updated.")
                return redirect("cases:missing", ref=case.uuid)
    return render(request, "cases/missing_episode.html", {"case": case, "episode": found, "form": form,
                                                          "editable": editable}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def meetings(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_meeting(actor=request.user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("cases:meetings", ref=case.uuid)
    return render(request, "cases/meetings.html", {
        "case": case, "meetings": case.meetings.select_related("recorded_by").order_by("-held_on", "-pk"),
        "form": form, "may_record": access.may_record(request.user, case),
    }, status=400 if form.errors else 200)


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


@require_http_methods(["GET", "POST"])
def outcomes_view(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = OutcomeRatingForm(request.POST if request.method == "POST" else None,
                             initial={"rated_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.rate_outcomes(actor=request.user, case=case, request=request, **form.for_action())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Rating recorded.")
            return redirect("cases:outcomes", ref=case.uuid)
    ratings = list(case.outcome_ratings.order_by("rated_on", "pk"))
    return render(request, "cases/outcomes.html", {
        "case": case, "form": form, "ratings": list(reversed(ratings)), "areas": outcomes.AREAS,
        "charts": [(label, outcomes.distance_travelled(ratings, rater)) for rater, label in Rater.choices],
        "may_record": access.may_record(request.user, case),
    }, status=400 if form.errors else 200)


# --- Transfer ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def transfer_case(request, ref):
    case = access.get_case_for(request, ref, to="record")
    form = TransferForm(request.POST if request.method == "POST" else None,
                        destinations=queries.transfer_destinations())
    if request.method == "POST" and form.is_valid():
        service, spoke = form.chosen
        try:
            actions.request_transfer(actor=request.user, case=case, to_service=service, to_spoke=spoke,
                                     handover_summary=form.cleaned_data["handover_summary"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{service.name}'s managers have been asked to take the work on.")
            return redirect("cases:detail", ref=case.uuid)
    return render(request, "cases/transfer.html", {"case": case, "form": form}, status=400 if form.errors else 200)


@require_GET
def transfers(request):
    access.require_manager(request)
    managed = scoping.scope_for(request.user).managed_service_ids
    return render(request, "cases/transfers.html", {"transfers": queries.transfers_for_manager(request.user),
                                                    "managed": managed})


def _render_transfer(request, transfer, *, accept_form=None, decline_form=None, status=200):
    workers = queries.eligible_workers(service_id=transfer.to_service_id, spoke_id=transfer.to_spoke_id)
    return render(request, "cases/transfer_detail.html", {
        "transfer": transfer,
        "accept_form": accept_form or AllocateForm(workers=workers),
        "decline_form": decline_form or DeclineTransferForm(),
    }, status=status)


@require_GET
def transfer_detail(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    return _render_transfer(request, transfer)


@require_POST
def accept_transfer(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    workers = queries.eligible_workers(service_id=transfer.to_service_id, spoke_id=transfer.to_spoke_id)
    form = AllocateForm(request.POST, workers=workers)
    if form.is_valid():
        try:
            new_case = actions.accept_transfer(actor=request.user, transfer=transfer, worker=form.membership.person,
                                               request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Transfer accepted: {form.membership.person.full_name} leads the work.")
            return redirect("cases:detail", ref=new_case.uuid)
    return _render_transfer(request, transfer, accept_form=form, status=400)


@require_POST
def decline_transfer(request, ref):
    transfer = access.get_incoming_transfer_for(request, ref)
    form = DeclineTransferForm(request.POST)
    if form.is_valid():
        try:
            actions.decline_transfer(actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"],
                                     request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Transfer declined. The sending team can see your reason.")
            return redirect("cases:transfers")
    return _render_transfer(request, transfer, decline_form=form, status=400)


@require_POST
def co_worker(request, ref):
    case = access.get_case_for(request, ref, to="manage")
    chosen = request.POST.get("worker", "")
    members = {str(m.person.uuid): m.person
               for m in queries.workers_for(service_id=case.service_id, spoke_id=case.spoke_id)}
    if chosen and chosen not in members:
        messages.error(request, "Select someone who works where this case is held.")
        return redirect("cases:detail", ref=case.uuid)
    try:
        actions.set_co_worker(actor=request.user, case=case, worker=members.get(chosen), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Co-worker changed." if chosen else "Co-worker removed.")
    return redirect("cases:detail", ref=case.uuid)
