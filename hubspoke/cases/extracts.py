"""What the cases app writes into a disclosure's extract (``sharing.categories.
register_extract``, given at start-up): the current plan, missing episodes, and restricted
contact notes (only when the disclosure includes restricted notes). Each a fixed number of
queries, about the young person's open case (or their latest case when none is open)."""

from django.utils import timezone

from hubspoke.cases.models import ActionStatus, Case, Contact, GoalStatus, MissingEpisode, PlanGoal
from hubspoke.lib.dates import format_date

# An extract names only the most recent entries: a few lines, not the whole file.
MOST = 10


def _current_case_id(person) -> int | None:
    """The open case, else the latest ("open" sorts after "closed"): one query."""
    return (Case.objects.filter(young_person=person).order_by("-status", "-opened_at")
            .values_list("pk", flat=True).first())


def plan_extract(person, *, include_restricted: bool = False) -> str:
    """The current plan's goals (being worked on) and their open actions: three queries."""
    case_id = _current_case_id(person)
    if case_id is None:
        return "No plan: there is no case."
    goals = list(PlanGoal.objects.filter(case_id=case_id, status=GoalStatus.WORKING)
                 .prefetch_related("actions").order_by("created_at")[:MOST])
    if not goals:
        return "No goals are being worked on."
    lines = []
    for goal in goals:
        lines.append(f"Goal ({goal.get_element_display().lower()}): {goal.goal}")
        for action in goal.actions.all():
            if action.status == ActionStatus.TO_DO:
                lines.append(f"  Action: {action.action} ({action.who}, by {format_date(action.due_on)})")
    return "\n".join(lines)


def missing_extract(person, *, include_restricted: bool = False) -> str:
    """Each missing episode's dates and whether it was reported to the police, newest first (the
    restricted details, where found and with whom, are not written): one query."""
    episodes = list(MissingEpisode.objects.filter(case__young_person=person).order_by("-started_at")[:MOST])
    if not episodes:
        return "No missing episodes are recorded."
    lines = []
    for e in episodes:
        start = format_date(timezone.localdate(e.started_at))
        back = f"came back {format_date(timezone.localdate(e.ended_at))}" if e.ended_at else "still missing"
        police = "reported to the police" if e.reported_to_police else "not reported to the police"
        reference = f" (reference {e.police_reference})" if e.reported_to_police and e.police_reference else ""
        lines.append(f"Missing from {start}, {back}; {police}{reference}.")
    return "\n".join(lines)


def restricted_extract(person, *, include_restricted: bool = False) -> str:
    """Restricted contact notes, newest first, only when the disclosure includes restricted
    notes (otherwise nothing, and no query)."""
    if not include_restricted:
        return ""
    notes = list(Contact.objects.filter(case__young_person=person, restricted=True).exclude(notes="")
                 .order_by("-occurred_at")[:MOST])
    return "\n".join(f"{format_date(timezone.localdate(c.occurred_at))}: {c.notes}" for c in notes)
