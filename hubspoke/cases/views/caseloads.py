"""Caseloads: a worker's own, a manager's team and one member of it, and the levels page."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.cases import access, caseload, queries
from hubspoke.cases import team as team_columns
from hubspoke.cases.timeliness import days_since, first_contact, hard_to_reach, turning_18_soon
from hubspoke.cases.views._paging import PAGE_SIZE
from hubspoke.lib.dates import today
from hubspoke.network import scoping


def _caseload_rows(allocations):
    on = today()
    allocations = list(allocations)
    notes = caseload.notes_for([a.case for a in allocations], on=on)
    return [
        {
            "allocation": a,
            "notes": notes.get(a.case_id, ()),
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
    members = queries.with_loads(queries.team_caseload(request.user))
    columns = team_columns.columns_for(members, viewer=request.user)
    return render(request, "cases/team.html", {"members": members, "columns": columns})


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
    services = access.require_manager(request)
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
