"""The case page: the summary, and links to each part of the case file."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.assessments import queries as assessment_queries
from hubspoke.cases import access, panels, queries, rules
from hubspoke.cases.forms import TransitionPlanForm
from hubspoke.cases.timeliness import days_since, eighteenth_birthday, first_contact, hard_to_reach, turning_18_soon
from hubspoke.cases.views.contacts import RECENT_CONTACTS, contact_rows
from hubspoke.lib.dates import today
from hubspoke.network import scoping


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
            "contacts": contact_rows(queries.contacts_of(case)[:RECENT_CONTACTS], may_read_restricted=reader),
            "contact_count": queries.contacts_of(case).count(),
            "can_manage": scoping.can_manage_service(request.user, case.service_id),
            "may_record": access.may_record(request.user, case),
            "closures": queries.closures_of(case),
            "co_worker": queries.current_co_worker(case),
            "co_worker_choices": rules.co_worker_choices(request.user, case, lead=lead),
            "transfers": queries.transfers_of(case),
            "eighteen_on": eighteenth_birthday(case.young_person.date_of_birth),
            "turning_18": turning_18_soon(case.young_person.date_of_birth, on),
            "transition_form": TransitionPlanForm(initial={"transition_plan": case.transition_plan}),
            "latest": assessment_queries.completed_of(case.young_person).first(),
            "today": on,
            "panels": panels.for_case(request, case),
        },
    )
