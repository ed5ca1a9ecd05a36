"""What the assessments app writes into a disclosure's extract (``sharing.categories.
register_extract``, given at start-up): the risk level of the latest completed assessment, in
plain words. One query."""

from hubspoke.assessments import queries
from hubspoke.lib.dates import format_date


def risk_extract(person, *, include_restricted: bool = False) -> str:
    now = queries.risk_now(person)
    latest = now.assessment
    if latest is None:
        return "No assessment has been completed."
    on = latest.assessed_on or (latest.completed_at.date() if latest.completed_at else None)
    lines = [f"Risk level: {now.label}" + (f" (level {now.rank + 1} of {now.levels})" if now.rank is not None else "")]
    assessed = f"Assessed with {latest.tool.title}" + (f" on {format_date(on)}" if on else "")
    if latest.judgement_level and latest.level == latest.judgement_level:
        assessed += ", by professional judgement"
    lines.append(assessed + ".")
    if latest.needs_countersignature and latest.countersigned_at is None:
        lines.append("The level is waiting for a manager's countersignature.")
    lines.append(f"Next review: {format_date(latest.next_review_on)}." if latest.next_review_on
                 else "Next review: not set.")
    return "\n".join(lines)
