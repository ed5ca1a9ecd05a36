"""The queries behind each section of the return: ``compute`` runs one function per section,
each a fixed number of queries grouped by service and spoke in SQL (only the closed cohort is
read case by case), counting into ``figures.Parts``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubspoke.assessments.models import Assessment, AssessmentStatus, AssessmentTool
from hubspoke.cases.models import (
    Case,
    CaseClosure,
    CaseReferral,
    Contact,
    GoalStatus,
    Meeting,
    MissingEpisode,
    OutcomeRating,
    PlanGoal,
    Rater,
)
from hubspoke.cases.outcomes import AREAS
from hubspoke.engagement.models import (
    AGE_BANDS,
    AUDIENCES,
    GENDERS,
    Challenge,
    ChallengeStep,
    Consultation,
    PreventionSession,
    StrategicMeeting,
    TrainingFeedback,
    TrainingSession,
)
from hubspoke.lib.workingdays import add_working_days, working_days_between
from hubspoke.monitoring.indicators import rules
from hubspoke.monitoring.indicators.figures import Parts
from hubspoke.monitoring.indicators.tables import FINAL_KINDS, HUB, RATERS, TRIAGE_KINDS
from hubspoke.network.models import Post, PostVacancy, Spoke
from hubspoke.network.queries import posts_between_q
from hubspoke.participation import rules as feedback_rules
from hubspoke.participation.models import QUESTIONS, Activity, ActivityOutput, Participant, SupportFeedback
from hubspoke.referrals import ages
from hubspoke.referrals.models import (
    ConcernTag,
    DecisionKind,
    Referral,
    ReferralDecision,
    YesNoUnknown,
)
from hubspoke.referrals.queries import age_on


def _moment(day: dt.date) -> dt.datetime:
    """The start of a day in the service's time zone (Europe/London)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def compute(services: Iterable, start: dt.date, end: dt.date) -> dict[int, dict]:
    """The return's exact figures for each service over ``start`` to ``end`` (both days
    included): ``{service.id: {"total": Figures, "parts": {"hub": Figures, "<spoke uuid>":
    Figures, ...}}}``. Every service given appears; every spoke that existed in the period (or
    holds a record counted) is a part, even with nothing in it; the total is ``add()`` of the
    parts. A fixed number of queries, however many services and records."""
    services = list(services)
    if not services:
        return {}
    if end < start:
        raise ValueError("The period ends before it starts")
    ids = [s.pk for s in services]
    by_id = {s.pk: s for s in services}
    s_at, e_at = _moment(start), _moment(end + dt.timedelta(days=1))
    spokes = list(
        Spoke.objects.filter(service_id__in=ids).order_by()
        .values("pk", "uuid", "service_id", "starts_on", "ends_on", "model__number", "host_agency__agency_type")
    )
    parts = Parts(services, spokes, start, end)
    spoke_info = {s["pk"]: s for s in spokes}
    period = {"gte": s_at, "lt": e_at}

    def within(field: str) -> Q:
        return Q(**{f"{field}__{op}": value for op, value in period.items()})

    _referrals(parts, ids, within)
    _triage(parts, ids, within, by_id)
    _waiting(parts, ids, within, e_at, end)
    _cases(parts, ids, within, s_at, e_at, start, end, by_id)
    _risk_and_models(parts, ids, e_at, start, end)
    _activity(parts, ids, within, start, end)
    _closed_cohort(parts, ids, s_at, e_at, end, spoke_info)
    _local_system(parts, ids, start, end, spoke_info)
    _participation(parts, ids, start, end)
    _participation_activities(parts, ids, start, end)
    _feedback_rounds(parts, ids, e_at, end, by_id)
    _staff(parts, ids, start, end)
    return parts.result()


def _referrals(parts: Parts, ids, within) -> None:
    earlier = Referral.objects.filter(young_person=OuterRef("young_person"), service=OuterRef("service"),
                                      received_at__lt=OuterRef("received_at"))
    rows = (
        Referral.objects.filter(within("received_at"), service_id__in=ids)
        .annotate(repeat=Exists(earlier))
        .order_by()
        .values_list("service_id", "spoke_id", "pathway", "subject_date_of_birth", "subject_estimated_age",
                     "received_at", "subject_gender", "subject_local_authority__ons_code", "urgency", "concern_tags",
                     "young_person_id", "young_person__ethnicity", "young_person__disability",
                     "young_person__learning_disability", "young_person__autism", "young_person__care_status",
                     "repeat")
    )
    for (service_id, spoke_id, pathway, dob, estimated, received_at, gender, ons, urgency, tags, person_id,
         ethnicity, disability, learning, autism, care, repeat) in rows:
        linked = person_id is not None
        count = partial(parts.count, service_id, spoke_id)
        count("referrals_by_pathway", pathway)
        age = age_on(dob, parts.day(received_at)) if dob else estimated
        count("referrals_by_age", ages.age_band(age))
        count("referrals_by_gender", gender)
        count("referrals_by_ethnicity", rules.ethnic_group(ethnicity, linked=linked))
        count("referrals_disability", disability if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_learning_disability", learning if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_autism", autism if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_by_care_status", care if linked else "not_linked")
        count("referrals_by_local_authority", ons or "not_known")
        count("referrals_by_urgency", urgency)
        count("referrals_repeat", ("repeat" if repeat else "first") if linked else "not_linked")
        for tag in sorted(set(tags or ())) or ["none_recorded"]:
            count("referrals_by_concern", tag)


def _triage(parts: Parts, ids, within, by_id) -> None:
    earlier_final = ReferralDecision.objects.filter(
        referral=OuterRef("referral"), kind__in=FINAL_KINDS, decided_at__lt=OuterRef("decided_at"))
    rows = (
        ReferralDecision.objects.filter(within("decided_at"), referral__service_id__in=ids, kind__in=TRIAGE_KINDS)
        .annotate(after_final=Exists(earlier_final))
        .order_by()
        .values_list("referral__service_id", "referral__spoke_id", "kind", "decline_reason",
                     "referral__received_at", "decided_at", "after_final")
    )
    for service_id, spoke_id, kind, reason, received_at, decided_at, after_final in rows:
        parts.count(service_id, spoke_id, "decisions_by_kind", kind)
        if kind == DecisionKind.DECLINED:
            parts.count(service_id, spoke_id, "triage_decline_reasons", reason)
        if kind in FINAL_KINDS and not after_final:
            days = working_days_between(parts.day(received_at), parts.day(decided_at))
            parts.count(service_id, spoke_id, "triage_time_to_decision", rules.decision_band(days))
            target = by_id[service_id].decision_target_working_days
            parts.count(service_id, spoke_id, "triage_decision_target", "within" if days <= target else "outside")
            parts.measure(service_id, spoke_id, "triage_working_days_to_decision", days)


def _accepted_at(referral_ref: str) -> Subquery:
    return Subquery(
        ReferralDecision.objects.filter(referral=OuterRef(referral_ref), kind=DecisionKind.ACCEPTED)
        .order_by("decided_at", "pk").values("decided_at")[:1])


def _waiting(parts: Parts, ids, within, e_at, end) -> None:
    allocated = (
        CaseReferral.objects.filter(within("linked_at"), referral__service_id__in=ids)
        .annotate(accepted_at=_accepted_at("referral"))
        .order_by()
        .values_list("referral__service_id", "referral__spoke_id", "accepted_at", "linked_at")
    )
    for service_id, spoke_id, accepted_at, linked_at in allocated:
        if accepted_at is None:  # allocation needs acceptance: only a hand-made record lacks one
            continue
        days = max((parts.day(linked_at) - parts.day(accepted_at)).days, 0)
        parts.count(service_id, spoke_id, "waiting_time_to_allocation", rules.wait_band(days))
        parts.measure(service_id, spoke_id, "waiting_days_to_allocation", days)
    still_waiting = (
        Referral.objects.filter(service_id__in=ids, decisions__kind=DecisionKind.ACCEPTED,
                                decisions__decided_at__lt=e_at)
        .filter(Q(case_link__isnull=True) | Q(case_link__linked_at__gte=e_at))
        .order_by()
        .values_list("service_id", "spoke_id", "decisions__decided_at")
    )
    for service_id, spoke_id, accepted_at in still_waiting:
        days = max((end - parts.day(accepted_at)).days, 0)
        parts.count(service_id, spoke_id, "waiting_at_period_end", rules.wait_band(days))


# Up to this many services, the closings subqueries are narrowed to the services' own cases.
# PostgreSQL runs them as hashed subplans: for one service's return the narrowing saves reading
# every closing in the programme (246 ms -> 22 ms at national scale), while for the whole
# programme it only adds a join (programme-wide figures 3.9 s -> 5-8 s), so it is left off there.
NARROW_CLOSINGS_UP_TO = 20


def _narrowed(closings, ids):
    return closings.filter(case__service_id__in=ids) if len(ids) <= NARROW_CLOSINGS_UP_TO else closings


def _closing_standing_at(moment: dt.datetime, ids):
    """The case's closings that stand at ``moment``: closed before it, not reopened by then."""
    return _narrowed(CaseClosure.objects.filter(case=OuterRef("pk"), closed_at__lt=moment), ids).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=moment))


def _open_at(moment: dt.datetime, ids) -> Q:
    return Q(opened_at__lt=moment) & ~Exists(_closing_standing_at(moment, ids))


def _cases(parts: Parts, ids, within, s_at, e_at, start, end, by_id) -> None:
    open_at_start, open_at_end, opened = _open_at(s_at, ids), _open_at(e_at, ids), within("opened_at")
    reopened = Exists(_narrowed(CaseClosure.objects.filter(within("reopened_at"), case=OuterRef("pk")), ids))
    flow = (
        Case.objects.filter(service_id__in=ids, opened_at__lt=e_at)
        .values("service_id", "spoke_id")
        .annotate(
            open_at_start=Count("pk", filter=open_at_start),
            opened=Count("pk", filter=opened),
            open_at_end=Count("pk", filter=open_at_end),
            open_during=Count("pk", filter=open_at_start | opened | Q(reopened)),
        )
        .order_by()
    )
    for row in flow:
        service_id, spoke_id = row["service_id"], row["spoke_id"]
        for key in ("open_at_start", "opened", "open_at_end"):
            parts.count(service_id, spoke_id, "case_flow", key, n=row[key])
        # The denominator of contacts per case; the contacts are added in _activity.
        parts.measure(service_id, spoke_id, "contacts_per_case", 0, n=row["open_during"])
    closings = (
        CaseClosure.objects.filter(case__service_id__in=ids)
        .filter(within("closed_at") | within("reopened_at"))
        .values("case__service_id", "case__spoke_id", "reason")
        .annotate(closed=Count("pk", filter=within("closed_at")), reopened=Count("pk", filter=within("reopened_at")))
        .order_by()
    )
    for row in closings:
        service_id, spoke_id = row["case__service_id"], row["case__spoke_id"]
        parts.count(service_id, spoke_id, "case_flow", "closed", n=row["closed"])
        parts.count(service_id, spoke_id, "case_flow", "reopened", n=row["reopened"])
        if row["closed"]:
            parts.count(service_id, spoke_id, "closures_by_reason", row["reason"], n=row["closed"])
    no_contact_by_end = Q(first_contact_on__isnull=True) | Q(first_contact_on__gt=end)
    first_contacts = (
        Case.objects.filter(service_id__in=ids, opened_at__lt=e_at)
        .filter(Q(first_contact_on__gte=start, first_contact_on__lte=end) | (no_contact_by_end & open_at_end))
        .annotate(accepted_at=_accepted_at_of_case())
        .order_by()
        .values_list("service_id", "spoke_id", "first_contact_on", "accepted_at")
    )
    for service_id, spoke_id, made_on, accepted_at in first_contacts:
        target = by_id[service_id].first_contact_target_working_days
        due = add_working_days(parts.day(accepted_at), target) if accepted_at else None
        if made_on is not None and start <= made_on <= end:
            row = "no_referral" if due is None else "within" if made_on <= due else "outside"
            parts.count(service_id, spoke_id, "cases_first_contact", row)
            if accepted_at:
                parts.measure(service_id, spoke_id, "cases_working_days_to_first_contact",
                              working_days_between(parts.day(accepted_at), made_on))
        else:
            # At the end of the period's last day, a target due that day has passed.
            row = "no_referral" if due is None else "overdue" if due <= end else "not_yet_due"
            parts.count(service_id, spoke_id, "cases_awaiting_first_contact", row)


def _accepted_at_of_case() -> Subquery:
    """When the case's first referral was accepted: the first-contact clock starts there."""
    return Subquery(
        ReferralDecision.objects.filter(referral__case_link__case=OuterRef("pk"), kind=DecisionKind.ACCEPTED)
        .order_by("decided_at", "pk").values("decided_at")[:1])


def _risk_and_models(parts: Parts, ids, e_at, start, end) -> None:
    latest = (
        Assessment.objects.filter(young_person=OuterRef("young_person"), status=AssessmentStatus.COMPLETED,
                                  assessed_on__lte=end)
        .order_by("-assessed_on", "-completed_at", "-pk")
    )
    levels = (
        Case.objects.filter(_open_at(e_at, ids), service_id__in=ids)
        .annotate(level=Subquery(latest.values("level")[:1]))
        .values("service_id", "spoke_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in levels:
        parts.count(row["service_id"], row["spoke_id"], "risk_level_open_at_end", row["level"] or "not_assessed",
                    n=row["n"])
    completed = (
        Assessment.objects.filter(service_id__in=ids, status=AssessmentStatus.COMPLETED, assessed_on__gte=start,
                                  assessed_on__lte=end)
        .order_by("assessed_on", "completed_at", "pk")
        .values_list("service_id", "spoke_id", "level", "tool__purpose", "judgement_rank", "computed_rank",
                     "judgement_level", "models_of_cse", "young_person_id", "referral_id")
    )
    # Per young person (or unlinked referral): the models across their assessments in the
    # period, counted where their latest assessment in the period is held.
    subjects: dict[tuple, tuple[int, int | None, set]] = {}
    for (service_id, spoke_id, level, purpose, judged_rank, computed_rank, judgement, models, person_id,
         referral_id) in completed:
        parts.count(service_id, spoke_id, "risk_assessments_completed", level, col=purpose)
        # The worker's own judgement against the tool's, whether or not it stands yet.
        judged = ("same" if not judgement or judged_rank == computed_rank
                  else "higher" if judged_rank > computed_rank else "lower")
        parts.count(service_id, spoke_id, "risk_judgement", judged)
        subject = ("person", person_id) if person_id else ("referral", referral_id)
        seen = subjects.get(subject, (0, None, set()))[2]
        subjects[subject] = (service_id, spoke_id, seen | set(models or ()))
    online = {ConcernTag.ONLINE, ConcernTag.ONLINE_ELEMENT}
    for service_id, spoke_id, models in subjects.values():
        for model in sorted(models) or ["none_recorded"]:
            parts.count(service_id, spoke_id, "cse_models", model)
        parts.count(service_id, spoke_id, "cse_online", "online" if models & online else "not_online")


def _activity(parts: Parts, ids, within, start, end) -> None:
    """Missing episodes, contacts, meetings and plan goals: counted in SQL."""
    episodes = (
        MissingEpisode.objects.filter(within("started_at"), case__service_id__in=ids)
        .values("case__service_id", "case__spoke_id", "case_id", "return_interview", "reported_to_police")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cases_missing: dict[tuple, set] = defaultdict(set)
    for row in episodes:
        service_id, spoke_id = row["case__service_id"], row["case__spoke_id"]
        police = "reported" if row["reported_to_police"] else "not_reported"
        parts.count(service_id, spoke_id, "missing_episodes", row["return_interview"], col=police, n=row["n"])
        cases_missing[(service_id, spoke_id)].add(row["case_id"])
    for (service_id, spoke_id), cases in cases_missing.items():
        parts.count(service_id, spoke_id, "missing_cases", "cases", n=len(cases))
    contacts = (
        Contact.objects.filter(within("occurred_at"), case__service_id__in=ids)
        .values("case__service_id", "case__spoke_id", "method", "location", "reached")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in contacts:
        service_id, spoke_id, n = row["case__service_id"], row["case__spoke_id"], row["n"]
        parts.count(service_id, spoke_id, "contacts_by_method", row["method"],
                    col="reached" if row["reached"] else "not_reached", n=n)
        parts.count(service_id, spoke_id, "contacts_by_location", row["location"] or "not_recorded", n=n)
        parts.measure(service_id, spoke_id, "contacts_per_case", n, n=0)
    meetings = (
        Meeting.objects.filter(case__service_id__in=ids, held_on__gte=start, held_on__lte=end)
        .values("case__service_id", "case__spoke_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in meetings:
        parts.count(row["case__service_id"], row["case__spoke_id"], "meetings_kind", row["kind"], n=row["n"])
    goals = (
        PlanGoal.objects.filter(within("status_changed_at"), case__service_id__in=ids,
                                status__in=(GoalStatus.ACHIEVED, GoalStatus.STOPPED))
        .values("case__service_id", "case__spoke_id", "element", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in goals:
        parts.count(row["case__service_id"], row["case__spoke_id"], "plan_goals", row["element"],
                    col=row["status"], n=row["n"])


def _closed_cohort(parts: Parts, ids, s_at, e_at, end, spoke_info) -> None:
    """Cases closed in the period and still closed at its end, one by one: the first and latest
    assessment of each, and the first and latest outcome rating by each rater."""
    standing = CaseClosure.objects.filter(case=OuterRef("pk"), closed_at__gte=s_at, closed_at__lt=e_at).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=e_at))
    cohort = Case.objects.filter(Exists(standing), service_id__in=ids)
    first_link = CaseReferral.objects.filter(case=OuterRef("pk"))
    cases = list(
        cohort.annotate(
            closed_at=Subquery(standing.order_by("-closed_at").values("closed_at")[:1]),
            first_pathway=Subquery(first_link.order_by("linked_at", "pk").values("referral__pathway")[:1]),
            first_received=Subquery(first_link.order_by("referral__received_at").values("referral__received_at")[:1]),
        )
        .order_by()
        .values("pk", "service_id", "spoke_id", "young_person_id", "opened_at", "closed_at", "first_pathway",
                "first_received", "young_person__date_of_birth", "young_person__estimated_age",
                "young_person__estimated_on", "young_person__gender", "young_person__learning_disability",
                "young_person__autism")
    )
    assessments: dict[int, list[dict]] = defaultdict(list)
    for person_id, on, level, rank, tool_id in (
        Assessment.objects.filter(status=AssessmentStatus.COMPLETED,
                                  young_person_id__in=cohort.values("young_person_id"))
        .order_by("assessed_on", "completed_at", "pk")
        .values_list("young_person_id", "assessed_on", "level", "level_rank", "tool_id")
    ):
        assessments[person_id].append({"on": on, "level": level, "rank": rank, "tool": tool_id})
    scales = {pk: tuple(lv["id"] for lv in (levels or ())) for pk, levels in
              AssessmentTool.objects.values_list("pk", "definition__levels")}
    ratings: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for case_id, rater, scores in (
        OutcomeRating.objects.filter(case_id__in=cohort.values("pk"), rated_on__lte=end)
        .order_by("rated_on", "recorded_at", "pk")
        .values_list("case_id", "rater", "scores")
    ):
        ratings[(case_id, rater)].append(scores or {})

    for case in cases:
        service_id, spoke_id = case["service_id"], case["spoke_id"]
        count = partial(parts.count, service_id, spoke_id)

        # Risk: the young person's assessments from the case's first referral to its closing.
        since = parts.day(min(filter(None, (case["first_received"], case["opened_at"]))))
        until = parts.day(case["closed_at"])
        window = [a for a in assessments[case["young_person_id"]] if since <= a["on"] <= until]
        direction = rules.risk_direction(window, scales)
        count("risk_direction_closed", direction)
        count("risk_movement_closed", window[0]["level"] if window else "not_assessed",
              window[-1]["level"] if window else "not_assessed")
        risk = direction if direction in ("improved", "same", "worse") else "not_comparable"

        # Outcomes, by rater; the young person's mean change feeds "what works".
        own_change = None
        for rater, key in RATERS:
            mine = ratings.get((case["pk"], rater), [])
            count("outcomes_ratings_closed", key, "two_or_more" if len(mine) >= 2 else "one" if mine else "none")
            if len(mine) < 2:
                continue
            first, latest = mine[0], mine[-1]
            changes = {a.id: latest[a.id] - first[a.id] for a in AREAS if a.id in first and a.id in latest}
            for area_id, change in changes.items():
                count(f"outcomes_{key}", area_id, rules.direction(change))
                parts.measure(service_id, spoke_id, f"outcomes_change_{key}", change, row=area_id)
            if rater == Rater.YOUNG_PERSON and changes:
                own_change = sum(changes.values()) / len(changes)

        # What works for whom.
        model, host = _where(spoke_id, spoke_info)
        breakdown = {
            "model": model,
            "host": host,
            "pathway": case["first_pathway"] or "none",
            "age": ages.age_band(ages.age_at(dob=case["young_person__date_of_birth"],
                                    estimated_age=case["young_person__estimated_age"],
                                    estimated_on=case["young_person__estimated_on"], on=parts.day(case["opened_at"]))),
            "gender": case["young_person__gender"],
            "ld_autism": rules.either(case["young_person__learning_disability"], case["young_person__autism"]),
        }
        for key, row in breakdown.items():
            count(f"what_works_risk_{key}", row, risk)
            count(f"what_works_outcome_{key}", row,
                  "not_comparable" if own_change is None else rules.direction(own_change))
            if own_change is not None:
                parts.measure(service_id, spoke_id, f"what_works_outcome_change_{key}", own_change, row=row)


def _where(spoke_id, spoke_info) -> tuple[str, str]:
    """A part's Hub and Spoke model and host agency type, as "what works" keys them."""
    spoke = spoke_info.get(spoke_id) if spoke_id else None
    if spoke is None:
        return HUB, HUB
    return f"model_{spoke['model__number']}", spoke["host_agency__agency_type"] or "no_fixed_base"


def _local_system(parts: Parts, ids, start, end, spoke_info) -> None:
    """Consultations, training (and its feedback), prevention sessions, strategic meetings and
    challenges: one query each, counted in SQL (a challenge's stage by the end of the period is a
    subquery)."""
    held = {"service_id__in": ids, "held_on__gte": start, "held_on__lte": end}
    consultations = (
        Consultation.objects.filter(**held)
        .values("service_id", "spoke_id", "agency_type", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in consultations:
        parts.count(row["service_id"], row["spoke_id"], "consultations", row["agency_type"], col=row["outcome"],
                    n=row["n"])
    training = (
        TrainingSession.objects.filter(**held)
        .values("service_id", "spoke_id")
        .annotate(sessions=Count("pk"), **{name: Sum(name) for name, _ in AUDIENCES})
        .order_by()
    )
    for row in training:
        service_id, spoke_id = row["service_id"], row["spoke_id"]
        model = _where(spoke_id, spoke_info)[0]
        parts.count(service_id, spoke_id, "training_sessions", "sessions", n=row["sessions"])
        for name, _ in AUDIENCES:
            parts.count(service_id, spoke_id, "training_audience", name, n=row[name])
            parts.count(service_id, spoke_id, "what_works_trained_model", model, col=name, n=row[name])
    feedback = (
        TrainingFeedback.objects.filter(session__service_id__in=ids, session__held_on__gte=start,
                                        session__held_on__lte=end)
        .values("session__service_id", "session__spoke_id")
        .annotate(n=Count("pk"), before=Sum("confidence_before"), after=Sum("confidence_after"))
        .order_by()
    )
    for row in feedback:
        for key in ("before", "after"):
            parts.measure(row["session__service_id"], row["session__spoke_id"], "training_confidence", row[key],
                          row=key, n=row["n"])
    summed = [name for name, _ in (*AGE_BANDS, *GENDERS)] + ["reached", "follow_up_referrals"]
    prevention = (
        PreventionSession.objects.filter(**held)
        .values("service_id", "spoke_id")
        .annotate(sessions=Count("pk"), **{name: Sum(name) for name in summed})
        .order_by()
    )
    for row in prevention:
        count = partial(parts.count, row["service_id"], row["spoke_id"])
        for key in ("sessions", "reached", "follow_up_referrals"):
            count("prevention_sessions", key, n=row[key])
        for name, _ in AGE_BANDS:
            count("prevention_reach_by_age", name, n=row[name])
        for name, _ in GENDERS:
            count("prevention_reach_by_gender", name, n=row[name])
    meetings = (
        StrategicMeeting.objects.filter(**held)
        .values("service_id", "spoke_id", "kind", "role", "outputs")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in meetings:
        count = partial(parts.count, row["service_id"], row["spoke_id"])
        count("system_meetings", row["kind"], col=row["role"], n=row["n"])
        for output in sorted(set(row["outputs"] or ())) or ["none"]:
            count("system_meeting_outputs", output, n=row["n"])
    # The highest stage raised by the period's last day; a challenge whose raised date was later
    # put before its first stage counts at that first stage. Of the challenges read (raised by the
    # period's end and not ended before it), those not ended in the period are open at its end.
    steps = ChallengeStep.objects.filter(challenge=OuterRef("pk"))
    challenges = (
        Challenge.objects.filter(service_id__in=ids, held_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .annotate(
            reached=Coalesce(Subquery(steps.filter(raised_on__lte=end).order_by("-stage").values("stage")[:1]),
                             Subquery(steps.order_by("stage").values("stage")[:1])),
            raised_in=ExpressionWrapper(Q(held_on__gte=start), output_field=BooleanField()),
            ended_in=ExpressionWrapper(Q(ended_on__isnull=False, ended_on__lte=end), output_field=BooleanField()),
        )
        .values("service_id", "spoke_id", "direction", "about", "agency_type", "outcome", "reached", "raised_in",
                "ended_in")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in challenges:
        service_id, spoke_id, n = row["service_id"], row["spoke_id"], row["n"]
        count = partial(parts.count, service_id, spoke_id, n=n)
        stage = f"stage_{row['reached']}"
        if row["raised_in"]:
            count("challenges_raised", row["about"], col=stage)
            count("challenges_raised_agency", row["agency_type"], col=row["direction"])
            count("what_works_challenges_host", _where(spoke_id, spoke_info)[1], col=row["direction"])
        if row["ended_in"]:
            count("challenges_ended", row["outcome"], col=stage)
        else:
            count("challenges_open_at_end", stage)


def _participation(parts: Parts, ids, start: dt.date, end: dt.date) -> None:
    """Young people's feedback given in the period, and each question's answers: one query,
    counted here (the rows are few: one per feedback)."""
    answers = [name for name, _ in QUESTIONS]
    rows = (SupportFeedback.objects.filter(case__service_id__in=ids, given_on__gte=start, given_on__lte=end)
            .values_list("case__service_id", "case__spoke_id", "way", "declined", *answers).order_by())
    for service_id, spoke_id, way, declined, *points in rows:
        count = partial(parts.count, service_id, spoke_id)
        if declined:
            count("feedback_given", "declined")
            continue
        count("feedback_given", f"given_{way}")
        for name, point in zip(answers, points, strict=True):
            count("feedback_answers", name, col="left_out" if point is None else str(point))


def _participation_activities(parts: Parts, ids, start: dt.date, end: dt.date) -> None:
    """Activities held in the period by kind and their outputs by kind (at the hub), and the young
    people who took part, each once per kind and once in all (at their case's part): three
    queries."""
    held = {"held_on__gte": start, "held_on__lte": end}
    for service_id, kind, n in (Activity.objects.filter(service_id__in=ids, **held).values("service_id", "kind")
                                .annotate(n=Count("id")).values_list("service_id", "kind", "n").order_by()):
        parts.count(service_id, None, "participation_activities", kind, n=n)
    for service_id, kind, n in (ActivityOutput.objects.filter(activity__service_id__in=ids,
                                                              **{f"activity__{k}": v for k, v in held.items()})
                                .values("activity__service_id", "kind").annotate(n=Count("id"))
                                .values_list("activity__service_id", "kind", "n").order_by()):
        parts.count(service_id, None, "participation_outputs", kind, n=n)
    people: dict[int, dict] = {}
    for case_id, service_id, spoke_id, kind, accredited, paid in (
            Participant.objects.filter(case__service_id__in=ids, **{f"activity__{k}": v for k, v in held.items()})
            .values_list("case_id", "case__service_id", "case__spoke_id", "activity__kind", "accredited",
                         "paid_pence").order_by()):
        person = people.setdefault(case_id, {"at": (service_id, spoke_id), "kinds": set(), "rows": set()})
        person["kinds"].add(kind)
        person["rows"].update(row for row, yes in (("accredited", accredited), ("paid", paid)) if yes)
    for person in people.values():
        for row in (*person["kinds"], "any", *person["rows"]):
            parts.count(*person["at"], "participation_young_people", row)


def _feedback_rounds(parts: Parts, ids, e_at, end: dt.date, by_id) -> None:
    """Where each case open at the period's end stood with its feedback that day (the
    participation app's rule, ``participation.rules.round_on``): one query, with each case's
    latest feedback by then."""
    last = Subquery(SupportFeedback.objects.filter(case=OuterRef("pk"), given_on__lte=end).order_by()
                    .values("case").annotate(last=Max("given_on")).values("last")[:1])
    rows = (Case.objects.filter(_open_at(e_at, ids), service_id__in=ids).annotate(last=last)
            .values_list("service_id", "spoke_id", "opened_at", "last").order_by())
    for service_id, spoke_id, opened_at, last_given_on in rows:
        standing = feedback_rules.round_on(opened_on=parts.day(opened_at),
                                           every_weeks=by_id[service_id].feedback_every_weeks,
                                           last_given_on=last_given_on, on=end)
        parts.count(service_id, spoke_id, "feedback_rounds_at_end", standing.status)


def _staff(parts: Parts, ids, start: dt.date, end: dt.date) -> None:
    """Posts in existence on the period's last day, filled or vacant that day, and their FTE; and
    the days of the period each post in existence at any time in it was vacant, as weeks. A post
    is vacant on a day one of its vacancies covers; a post with no vacancies recorded is vacant
    throughout if nobody holds it now (``network.queries.posts_on`` says the same for one day).
    Two queries: the posts, and the vacancies that touch the period."""
    posts = (
        Post.objects.filter(posts_between_q(start, end), service_id__in=ids)
        .annotate(recorded=Exists(PostVacancy.objects.filter(post=OuterRef("pk"))))
        .order_by()
        .values_list("pk", "service_id", "spoke_id", "fte", "starts_on", "ends_on", "holder_id", "recorded")
    )
    vacancies: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for post_id, first, last in (
        PostVacancy.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=end,
                                   post__service_id__in=ids)
        .order_by()
        .values_list("post_id", "starts_on", "ends_on")
    ):
        vacancies[post_id].append((first, last))
    fte: dict[tuple, dict[str, list]] = defaultdict(lambda: {"filled": [0, 0], "vacant": [0, 0]})
    vacant_days: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # days, posts
    for post_id, service_id, spoke_id, post_fte, starts_on, ends_on, holder_id, recorded in posts:
        part = (service_id, spoke_id)
        # The days of the period the post existed, and when it was vacant.
        first, last = max(start, starts_on or start), min(end, ends_on or end)
        periods = vacancies[post_id] if recorded else [(first, last)] if holder_id is None else []
        days = sum(max((min(last, v_last or last) - max(first, v_first)).days + 1, 0) for v_first, v_last in periods)
        vacant_days[part][0] += days
        vacant_days[part][1] += 1
        if ends_on is None or ends_on >= end:  # in existence on the last day
            key = "vacant" if any(v_first <= end and (v_last is None or v_last >= end)
                                  for v_first, v_last in periods) else "filled"
            fte[part][key][0] += post_fte
            fte[part][key][1] += 1
    for (service_id, spoke_id), by_key in fte.items():
        for key, (total, n) in by_key.items():
            parts.count(service_id, spoke_id, "staff_posts", key, n=n)
            parts.measure(service_id, spoke_id, "staff_fte", total, row=key, n=n)
    for (service_id, spoke_id), (days, n) in vacant_days.items():
        parts.measure(service_id, spoke_id, "staff_vacancy_weeks", days / 7, n=n)
