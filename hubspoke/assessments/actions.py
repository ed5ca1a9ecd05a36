"""Writes for assessment tools and assessments. Each runs in one transaction and writes its
audit row in it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.assessments import definition as tool_definition
from hubspoke.assessments import scoring
from hubspoke.assessments.models import Assessment, AssessmentStatus, AssessmentTool, ServiceTool
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.network import queries as network_queries
from hubspoke.notifications.actions import notify
from hubspoke.notifications.actions import resolve as resolve_notifications
from hubspoke.referrals.models import ConcernTag
from hubspoke.referrals.queries import age_on

COUNTERSIGN = "assessments.countersign"


@transaction.atomic
def import_tool(*, source: str, actor: User | None = None, request=None) -> tuple[AssessmentTool, bool]:
    """Store a new version of a tool from the text of its file; returns (tool, created).
    Importing the same version with the same content again changes nothing. Raises
    definition.InvalidTool for a malformed file and ValidationError for a version clash."""
    checked = tool_definition.check(source)
    digest = tool_definition.checksum(checked)
    existing = AssessmentTool.objects.select_for_update().filter(tool_id=checked["id"]).order_by("-version")
    same = next((t for t in existing if t.version == checked["version"]), None)
    if same is not None:
        if same.checksum == digest:
            return same, False
        raise ValidationError(
            f"Version {checked['version']} of {checked['id']} is already imported with different content. "
            "Give the changed tool a higher version number."
        )
    latest = existing.first()
    if latest is not None and checked["version"] < latest.version:
        raise ValidationError(
            f"Version {checked['version']} of {checked['id']} is older than the one in use ({latest.version}). "
            "Give the changed tool a higher version number."
        )
    tool = AssessmentTool.objects.create(
        tool_id=checked["id"], version=checked["version"], title=checked["title"], purpose=checked["purpose"],
        definition=checked, source=source, checksum=digest, imported_at=timezone.now(), imported_by=actor,
    )
    audit.record(action="assessments.tool.imported", actor=actor, subject=tool, request=request,
                 detail={"tool": tool.tool_id, "version": tool.version})
    return tool, True


def latest_tool(tool_id: str) -> AssessmentTool:
    return AssessmentTool.objects.filter(tool_id=tool_id).order_by("-version").first()


@transaction.atomic
def choose_service_tools(*, actor: User, service, tool_ids: list[str], request=None) -> None:
    """The tools a service offers for new assessments. The caller has checked the actor
    manages the service."""
    known = set(AssessmentTool.objects.filter(is_active=True).values_list("tool_id", flat=True))
    unknown = set(tool_ids) - known
    if unknown:
        raise ValidationError(f"No active tool {', '.join(sorted(unknown))}.")
    if not tool_ids:
        raise ValidationError({"tools": "Select at least one tool"})
    ServiceTool.objects.filter(service=service).exclude(tool_id__in=tool_ids).delete()
    ServiceTool.objects.bulk_create([ServiceTool(service=service, tool_id=t) for t in tool_ids],
                                    ignore_conflicts=True)
    audit.record(action="assessments.service_tools.chosen", actor=actor, subject=service, request=request,
                 detail={"tools": sorted(tool_ids)})


def import_builtin_tools(*, actor: User | None = None) -> list[AssessmentTool]:
    """Hubspoke's own tools (assessments/tools/*.yaml), for a new installation and the demo."""
    return [import_tool(source=path.read_text(), actor=actor)[0] for path in tool_definition.builtin_tool_files()]


# --- Assessments -------------------------------------------------------------------------


def age_of(assessment: Assessment, on: dt.date) -> int | None:
    """Whole years on ``on``: from the young person's date of birth, or an estimate and when it
    was made; for a screening of an unlinked referral, from what the referrer gave."""
    person, referral = assessment.young_person, assessment.referral
    if person is not None:
        dob, estimate, estimated_on = person.date_of_birth, person.estimated_age, person.estimated_on
    else:
        dob, estimate = referral.subject_date_of_birth, referral.subject_estimated_age
        estimated_on = timezone.localdate(referral.received_at)
    if dob:
        return age_on(dob, on)
    if estimate is not None:
        return estimate + max(age_on(estimated_on, on) if estimated_on else 0, 0)
    return None


@transaction.atomic
def start_assessment(*, actor: User, tool: AssessmentTool, young_person=None, referral=None,
                     review_of: Assessment | None = None, request=None) -> Assessment:
    """A draft about a young person, or (a screening to inform triage) about a referral, which
    may not be linked to a young person's record yet. A review starts from the reviewed
    assessment's answers (those its indicators still have, if the tool has a newer version
    since). The caller has checked the actor may see the young person or referral."""
    if young_person is None and referral is None:
        raise ValueError("An assessment is about a young person or a referral.")
    if referral is not None:
        if young_person is not None and referral.young_person_id != young_person.pk:
            raise ValidationError("That referral is not about this young person.")
        young_person = young_person or referral.young_person
    answers = {}
    if review_of is not None:
        about = review_of.young_person_id or (review_of.referral.young_person_id if review_of.referral_id else None)
        if review_of.status != AssessmentStatus.COMPLETED or young_person is None or about != young_person.pk:
            raise ValidationError("Only a completed assessment of this young person can be reviewed.")
        known = {ind["id"] for ind in tool_definition.indicators(tool.definition)}
        answers = {key: value for key, value in review_of.answers.items() if key in known}
    held = young_person or referral
    now = timezone.now()
    assessment = Assessment.objects.create(
        tool=tool, service_id=held.service_id, spoke_id=held.spoke_id, young_person=young_person, referral=referral,
        review_of=review_of, answers=answers, started_at=now, started_by=actor, updated_at=now,
    )
    audit.record(action="assessments.assessment.started", actor=actor, subject=assessment, request=request,
                 detail={"tool": tool.tool_id, "version": tool.version,
                         "review_of": str(review_of.uuid) if review_of else None})
    return assessment


def clean_answers(tool_def: dict, answers: dict) -> dict:
    """Answers checked against the tool: known indicators, allowed values and windows."""
    by_id = {ind["id"]: ind for ind in tool_definition.indicators(tool_def)}
    windows = {w["id"] for w in tool_def["time_windows"]}
    cleaned = {}
    for key, given in answers.items():
        ind = by_id.get(key)
        if ind is None:
            raise ValueError(f"{key!r} is not an indicator of this tool")
        allowed = {a["value"] for a in tool_def["answer_sets"][ind["answers"]]}
        answer, window = given.get("answer") or "", given.get("window") or ""
        if answer and answer not in allowed:
            raise ValueError(f"{answer!r} is not an answer to {key!r}")
        if window and (not ind["timed"] or window not in windows):
            raise ValueError(f"{window!r} is not a time window for {key!r}")
        if answer or window or given.get("note"):
            cleaned[key] = {"answer": answer, "window": window, "note": (given.get("note") or "").strip()}
    return cleaned


@transaction.atomic
def save_answers(*, actor: User, assessment: Assessment, answers: dict, section: str, request=None) -> Assessment:
    """Save a section's answers into a draft: what was there for those indicators is replaced,
    everything else kept. Called on every change when the browser saves as you go."""
    # The tool comes with the row (every save reads its sections); only the assessment is locked.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("tool").get(pk=assessment.pk)
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment is completed; start a review to change it.")
    section_ids = {ind["id"] for s in locked.tool.definition["sections"] if s["id"] == section
                   for ind in s["indicators"]}
    if not section_ids:
        raise ValueError(f"{section!r} is not a section of this tool")
    if set(answers) - section_ids:
        raise ValueError("Answers given for indicators outside the section")
    kept = {k: v for k, v in locked.answers.items() if k not in section_ids}
    locked.answers = {**kept, **clean_answers(locked.tool.definition, answers)}
    locked.updated_at = timezone.now()
    locked.save(update_fields=["answers", "updated_at"])
    audit.record(action="assessments.assessment.saved", actor=actor, subject=locked, request=request,
                 detail={"section": section})
    return locked


def preview(assessment: Assessment, on: dt.date):
    """The result the answers so far would give, on the day given."""
    return scoring.compute(assessment.tool.definition, assessment.answers, age_of(assessment, on))


@transaction.atomic
def complete_assessment(*, actor: User, assessment: Assessment, assessed_on: dt.date, judgement_level: str = "",
                        judgement_rationale: str = "", agencies=(), other_contributors: str = "",
                        young_persons_view: str = "", view_not_obtained_reason: str = "",
                        models_of_cse: list[str] = (), request=None) -> Assessment:
    """Compute and keep the result; the level is the worker's judgement where they give one
    (with its rationale), else the computed level — except that a judgement lower than a
    computed level that needs a countersignature (or lower and needing one itself) waits for
    it: until then the computed level stands. Sets the next review from the level that stands,
    and asks the service's managers to countersign where either level needs it."""
    # Lock the assessment's own row: the young person and referral joins may be empty, and
    # PostgreSQL cannot lock the empty side of an outer join.
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("tool", "young_person", "referral")
        .get(pk=assessment.pk)
    )
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment has already been completed.")
    tool_def = locked.tool.definition
    levels = {lv["id"]: (n, lv) for n, lv in enumerate(tool_def["levels"])}
    errors: dict[str, str] = {}
    if assessed_on > today():
        errors["assessed_on"] = "The date of the assessment must not be in the future"
    result = scoring.compute(tool_def, locked.answers, age_of(locked, assessed_on))
    if result.unanswered:
        errors["__all__"] = (f"{len(result.unanswered)} question(s) have no answer. Answer every question "
                             "(“Not known” is an answer) before completing.")
    if judgement_level == result.level:
        judgement_level = ""
    if judgement_level and judgement_level not in levels:
        errors["judgement_level"] = "Select a level from the tool"
    if judgement_level and not judgement_rationale.strip():
        errors["judgement_rationale"] = "Explain why your judgement differs from the computed level"
    if not young_persons_view.strip() and not view_not_obtained_reason.strip():
        errors["young_persons_view"] = "Record the young person's view in their words, or why it was not obtained"
    unknown_tags = set(models_of_cse) - set(ConcernTag.values)
    if unknown_tags:
        raise ValueError(f"Not models of CSE: {sorted(unknown_tags)}")
    if errors:
        raise ValidationError(errors)
    computed_rank, computed_def = levels[result.level]
    judged_rank, judged_def = levels[judgement_level] if judgement_level else (computed_rank, computed_def)
    countersign = judged_def["countersign"] or computed_def["countersign"]
    # A lower judgement that needs a countersignature waits for it: until a manager has
    # countersigned, the computed level stands, with its review interval.
    final = result.level if countersign and judged_rank < computed_rank else (judgement_level or result.level)
    rank, level_def = levels[final]
    locked.status = AssessmentStatus.COMPLETED
    locked.assessed_on = assessed_on
    locked.age_at_assessment = age_of(locked, assessed_on)
    locked.completed_at = timezone.now()
    locked.completed_by = actor
    locked.result = result.to_dict()
    locked.computed_level = result.level
    locked.judgement_level = judgement_level
    locked.judgement_rationale = judgement_rationale.strip() if judgement_level else ""
    locked.level = final
    locked.level_label = level_def["label"]
    locked.level_rank = rank
    locked.computed_rank = computed_rank
    locked.judgement_rank = judged_rank if judgement_level else None
    locked.other_contributors = other_contributors.strip()
    locked.young_persons_view = young_persons_view.strip()
    locked.view_not_obtained_reason = "" if young_persons_view.strip() else view_not_obtained_reason.strip()
    locked.models_of_cse = sorted(set(models_of_cse))
    locked.vulnerabilities = list(result.vulnerabilities)
    locked.next_review_on = assessed_on + dt.timedelta(weeks=level_def["review_weeks"])
    locked.needs_countersignature = countersign
    locked.updated_at = locked.completed_at
    locked.full_clean(exclude=["answers", "result", "models_of_cse", "vulnerabilities"])
    locked.save()
    locked.contributing_agencies.set(agencies)
    audit.record(action="assessments.assessment.completed", actor=actor, subject=locked, request=request,
                 detail={"level": final, "computed": result.level, "judgement_differs": bool(judgement_level),
                         "judgement_waits": final != (judgement_level or result.level)})
    if countersign:
        managers = [m.person for m in network_queries.managers_of([locked.service_id])
                    if m.person_id != actor.pk]
        notify(recipients=managers, kind=COUNTERSIGN, subject=locked)
    return locked


@transaction.atomic
def countersign(*, actor: User, assessment: Assessment, request=None) -> Assessment:
    """A manager's countersignature on a level that needs one. A lower judgement that was
    waiting for it stands from now, with its own review interval; nobody else is asked any
    more. The caller has checked the actor is a manager of the service and not the person who
    completed it."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.needs_countersignature or locked.countersigned_at is not None:
        raise ValidationError("This assessment does not need a countersignature.")
    if locked.completed_by_id == actor.pk:
        raise ValidationError("Someone other than the person who completed it must countersign.")
    locked.countersigned_at = timezone.now()
    locked.countersigned_by = actor
    changed = ["countersigned_at", "countersigned_by"]
    if judgement_waits(locked):
        # The worker's lower judgement stands from now, with its own review interval.
        judged = locked.tool.definition["levels"][locked.judgement_rank]
        locked.level, locked.level_label, locked.level_rank = judged["id"], judged["label"], locked.judgement_rank
        locked.next_review_on = locked.assessed_on + dt.timedelta(weeks=judged["review_weeks"])
        changed += ["level", "level_label", "level_rank", "next_review_on"]
    locked.save(update_fields=changed)
    audit.record(action="assessments.assessment.countersigned", actor=actor, subject=locked, request=request,
                 detail={"level": locked.level})
    resolve_notifications(kinds=[COUNTERSIGN], subject=locked)
    return locked


def judgement_waits(assessment: Assessment) -> bool:
    """A judgement lower than the level that stands: it waits for a countersignature."""
    return (assessment.judgement_rank is not None and assessment.level_rank is not None
            and assessment.judgement_rank < assessment.level_rank)


@transaction.atomic
def renew_countersignature_requests(*, young_person) -> None:
    """The young person's case is open again: the managers are asked again to countersign what
    still waits for it (as when it was completed, not the person who completed it)."""
    waiting = Assessment.objects.filter(young_person=young_person, status=AssessmentStatus.COMPLETED,
                                        needs_countersignature=True, countersigned_at__isnull=True)
    for assessment in waiting:
        managers = [m.person for m in network_queries.managers_of([assessment.service_id])
                    if m.person_id != assessment.completed_by_id]
        notify(recipients=managers, kind=COUNTERSIGN, subject=assessment)


@transaction.atomic
def withdraw_countersignature_requests(*, young_person) -> None:
    """The young person's case has closed: nobody need be asked to countersign their
    assessments now (a manager may still do so from the assessment's page)."""
    for assessment in Assessment.objects.filter(young_person=young_person, needs_countersignature=True,
                                                countersigned_at__isnull=True):
        resolve_notifications(kinds=[COUNTERSIGN], subject=assessment)
