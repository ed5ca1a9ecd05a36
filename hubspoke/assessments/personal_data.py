"""Everything the assessments app holds about one young person, for a subject access request:
every assessment (drafts too), each with every answer in the tool's own words, the result, the
level and the young person's view. Two queries (the assessments with their tools, and the
agencies that contributed)."""

from __future__ import annotations

from hubspoke.assessments import definition as tool_definition
from hubspoke.assessments.models import Assessment
from hubspoke.lib.dates import format_date
from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.referrals.models import YoungPerson
from hubspoke.referrals.personal_data import entry_fields

# Shown as answers and as the result below, not as raw stored values.
AS_ANSWERS = {"answers", "result", "young_person", "referral", "service", "spoke", "review_of", "tool"}


def _answer_fields(assessment: Assessment) -> tuple[Field, ...]:
    tool = assessment.tool.definition
    options = {key: {a["value"]: a["label"] for a in values} for key, values in tool["answer_sets"].items()}
    windows = {w["id"]: w["label"] for w in tool.get("time_windows", [])}
    fields = []
    for indicator in tool_definition.indicators(tool):
        given = (assessment.answers or {}).get(indicator["id"])
        if not given:
            continue
        text = options.get(indicator["answers"], {}).get(given.get("answer") or "", given.get("answer") or "")
        if given.get("window"):
            text += f" ({windows.get(given['window'], given['window'])})"
        if given.get("note"):
            text += f"\nNote: {given['note']}"
        fields.append(Field(key=f"answer:{indicator['id']}", label=indicator["text"], text=text.strip()))
    return tuple(fields)


def _result_fields(assessment: Assessment) -> tuple[Field, ...]:
    result = assessment.result or {}
    if not result:
        return ()
    lines = [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in result.items()
             if isinstance(value, str | int | float)]
    return (Field(key="result", label="Result", text="\n".join(lines)),) if lines else ()


def gather(young_person: YoungPerson) -> list[Part]:
    assessments = list(Assessment.objects.filter(young_person_id=young_person.pk)
                       .select_related("tool", "started_by", "completed_by", "countersigned_by")
                       .prefetch_related("contributing_agencies").order_by("started_at", "pk"))
    entries = []
    for assessment in assessments:
        on = assessment.assessed_on or assessment.started_at.date()
        agencies = ", ".join(sorted(a.name for a in assessment.contributing_agencies.all()))
        fields = (
            (Field("tool", "Tool", f"{assessment.tool.title} (version {assessment.tool.version})"),)
            + entry_fields(assessment, skip=AS_ANSWERS)
            + ((Field("contributing_agencies", "Contributing agencies", agencies),) if agencies else ())
            + _answer_fields(assessment) + _result_fields(assessment)
        )
        entries.append(Entry(kind="assessments.assessment", ref=str(assessment.uuid),
                             title=f"{assessment.tool.title}, {format_date(on)} ({assessment.get_status_display()})",
                             when=assessment.started_at, fields=fields))
    return [Part(key="assessments", title="Assessments", entries=tuple(entries))]
