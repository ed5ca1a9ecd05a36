"""Reads for young people's feedback: where each case's round stands, a case's feedback, the
live link, and the service's answers together. Each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from hubspoke.cases import queries as case_queries
from hubspoke.cases.models import Case, CaseStatus
from hubspoke.lib import disclosure
from hubspoke.network import scoping
from hubspoke.participation import access, rules
from hubspoke.participation.models import (
    QUESTIONS,
    SCALE,
    Activity,
    FeedbackLink,
    Participant,
    QuestionKind,
    SupportFeedback,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def last_given_by_case(case_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day of each case's latest feedback (or decline): one query, an empty list of cases
    included (so that a page asks the same queries whether its caseload is empty or not)."""
    ids = list(case_ids) or [0]
    return dict(SupportFeedback.objects.filter(case_id__in=ids).values("case_id").annotate(last=Max("given_on"))
                .values_list("case_id", "last").order_by())


def round_of(case: Case, *, last_given_on: dt.date | None, on: dt.date) -> rules.Round | None:
    """Where the case's feedback stands on ``on`` (None for a closed case: nothing is due)."""
    if case.status != CaseStatus.OPEN:
        return None
    return rules.round_on(opened_on=timezone.localdate(case.opened_at), every_weeks=case.service.feedback_every_weeks,
                          last_given_on=last_given_on, on=on)


def rounds_of(cases: list[Case], *, on: dt.date) -> dict[int, rules.Round]:
    """Each open case's round (the cases with their service loaded): one query."""
    last = last_given_by_case(c.pk for c in cases)
    found = {}
    for case in cases:
        r = round_of(case, last_given_on=last.get(case.pk), on=on)
        if r is not None:
            found[case.pk] = r
    return found


def feedback_of(case: Case):
    return SupportFeedback.objects.filter(case=case).select_related("recorded_by").order_by("-given_on", "-pk")


def live_link(case: Case) -> FeedbackLink | None:
    """The case's link that still works, if any (at most one: a new link replaces the last)."""
    return (FeedbackLink.objects.filter(case=case, used_at__isnull=True, withdrawn_at__isnull=True,
                                        expires_at__gt=timezone.now())
            .select_related("sent_by").first())


def link_for_token(token: str) -> FeedbackLink | None:
    """The link this token opens, if it still works: not used, not replaced, not expired, and
    its case still open. Anything else is None, and the page says the same for every reason."""
    if not token or len(token) > 100:
        return None
    return (FeedbackLink.objects.filter(token_sha256=token_sha256(token), used_at__isnull=True,
                                        withdrawn_at__isnull=True, expires_at__gt=timezone.now(),
                                        case__status=CaseStatus.OPEN)
            .select_related("case").first())


@dataclass
class Summary:
    """The answers to each question over a period, for the cases someone may see."""

    given: int = 0
    declined: int = 0
    by_way: Counter = field(default_factory=Counter)
    # question field -> Counter of points (None: not answered)
    points: dict[str, Counter] = field(default_factory=dict)
    comments: list = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        """One row per question: its words, the count at each point and not answered."""
        out = []
        for name, text in QUESTIONS:
            counts = self.points.get(name, Counter())
            answered = sum(n for point, n in counts.items() if point is not None)
            out.append({"name": name, "text": text, "answered": answered,
                        "cells": [(words, counts.get(point, 0)) for point, words in SCALE],
                        "not_answered": counts.get(None, 0)})
        return out


COMMENTS_SHOWN = 100


def summary(visible: Q, *, start: dt.date, end: dt.date) -> Summary:
    """Feedback given from ``start`` to ``end`` on the cases ``visible`` (a Q on Case) lets
    through: counts in one query, the latest comments in another (their words and day only:
    the page that shows them together names nobody)."""
    rows = (SupportFeedback.objects.filter(given_on__gte=start, given_on__lte=end,
                                           case__in=Case.objects.filter(visible))
            .values("declined", "way", *[name for name, _ in QUESTIONS]).order_by())
    out = Summary(points={name: Counter() for name, _ in QUESTIONS})
    for row in rows:
        if row["declined"]:
            out.declined += 1
            continue
        out.given += 1
        out.by_way[row["way"]] += 1
        for name, _ in QUESTIONS:
            out.points[name][row[name]] += 1
    out.comments = list(
        SupportFeedback.objects.filter(given_on__gte=start, given_on__lte=end, case__in=Case.objects.filter(visible))
        .exclude(anything_else="").order_by("-given_on", "-pk")
        .only("uuid", "given_on", "anything_else", "way")[:COMMENTS_SHOWN])
    return out


def open_cases_needing_feedback(visible: Q, *, on: dt.date) -> list[tuple[Case, rules.Round]]:
    """The open cases ``visible`` lets through whose feedback is due or overdue, most overdue
    first: two queries."""
    cases = list(Case.objects.filter(visible, status=CaseStatus.OPEN)
                 .select_related("service", "young_person").only(
                     "uuid", "opened_at", "status", "service__feedback_every_weeks", "young_person__first_name",
                     "young_person__known_as", "young_person__last_name"))
    rounds = rounds_of(cases, on=on)
    due = [(c, rounds[c.pk]) for c in cases if c.pk in rounds and rounds[c.pk].needs_feedback
           and rounds[c.pk].due_on <= on]
    return sorted(due, key=lambda pair: pair[1].due_on)


def my_open_cases(user) -> list[Case]:
    """The open cases this person leads or co-works, with their service: one query."""
    return list(Case.objects.filter(status=CaseStatus.OPEN, allocations__worker=user,
                                    allocations__ends_at__isnull=True)
                .select_related("service").only("uuid", "opened_at", "status", "service__feedback_every_weeks")
                .distinct())


# --- Surveys ---------------------------------------------------------------------------------

TEXTS_SHOWN = 200


def surveys_for(user) -> list[tuple[Survey, object]]:
    """The surveys a person may open, each with what they may do (drafts only for their
    builders): their services' own, and their programmes' (as staff of a service in it, or in a
    programme role). Two queries."""
    scope = scoping.scope_for(user)
    programme_ids = set(scope.programme_ids) | set(access.staff_services(scope).values())
    found = (Survey.objects.filter(Q(service_id__in=scope.member_service_ids)
                                   | Q(service__isnull=True, programme_id__in=programme_ids))
             .select_related("service").annotate(n_questions=Count("questions", distinct=True)))
    return [(s, r) for s in found if (r := access.survey_rights(user, s)).view]


def survey_by_ref(ref) -> Survey | None:
    return Survey.objects.filter(uuid=ref).first()


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.all())


def survey_link_for_token(token: str) -> SurveyLink | None:
    if not token or len(token) > 40:
        return None
    return SurveyLink.objects.filter(token=token).select_related("survey").first()


def links_of(survey: Survey, service_ids: Iterable[int]) -> list[SurveyLink]:
    return list(survey.links.filter(service_id__in=list(service_ids)).select_related("service")
                .order_by("service__name"))


def named_surveys_for_case(case: Case, *, on: dt.date) -> list[tuple[Survey, SurveyResponse | None]]:
    """The case's service's named surveys taking answers, each with this young person's answers
    if given: two queries."""
    surveys = list(Survey.objects.filter(service_id=case.service_id, kind=SurveyKind.NAMED,
                                                opened_at__isnull=False, closed_at__isnull=True,
                                                opens_on__lte=on, closes_on__gte=on))
    given = {r.survey_id: r for r in SurveyResponse.objects.filter(case=case, survey__in=surveys)} if surveys else {}
    return [(s, given.get(s.pk)) for s in surveys]


def case_survey_responses(case: Case) -> list[SurveyResponse]:
    """Every named survey this young person answered, with the answers: three queries."""
    return list(SurveyResponse.objects.filter(case=case).select_related("survey")
                .prefetch_related("survey_answers__question"))


@dataclass
class QuestionResult:
    question: SurveyQuestion
    rows: list[dict] = field(default_factory=list)  # label, n (a count, or "c"), length (0..100)
    answered: object = 0
    texts: list[SurveyAnswer] = field(default_factory=list)


@dataclass
class SurveyResults:
    responses: object = 0
    by_way: dict = field(default_factory=dict)
    questions: list[QuestionResult] = field(default_factory=list)
    controlled: bool = False
    texts_total: int = 0


def _labels(q: SurveyQuestion) -> list[tuple[object, str]]:
    if q.kind == QuestionKind.CHOICE:
        return list(enumerate(q.choices))
    if q.kind == QuestionKind.SCALE:
        return list(SCALE)
    return []


def survey_results(survey: Survey, *, service_ids: Iterable[int] | None, rule=None) -> SurveyResults:
    """A survey's answers counted: for some services exactly, with their words (``rule`` None),
    or, with a disclosure ``rule``, for every service together, each count controlled and no
    words. A fixed number of queries, however many answers."""
    responses = SurveyResponse.objects.filter(survey=survey)
    if service_ids is not None:
        responses = responses.filter(service_id__in=list(service_ids))
    by_way = dict(responses.values("way").annotate(n=Count("id")).values_list("way", "n").order_by())
    counts = Counter()
    answered = Counter()
    for qid, choice, point, n in (SurveyAnswer.objects.filter(response__in=responses)
                                  .values("question_id", "choice", "point").annotate(n=Count("id"))
                                  .values_list("question_id", "choice", "point", "n").order_by()):
        counts[(qid, choice if choice is not None else point)] += n
        answered[qid] += n
    total = sum(by_way.values())
    results = SurveyResults(responses=total, by_way=by_way, controlled=rule is not None)
    texts: dict[int, list[SurveyAnswer]] = {}
    if rule is None:
        text_answers = SurveyAnswer.objects.filter(response__in=responses, question__kind=QuestionKind.TEXT)
        results.texts_total = text_answers.count()
        for a in text_answers.select_related("response").order_by("-response__received_on", "-pk")[:TEXTS_SHOWN]:
            texts.setdefault(a.question_id, []).append(a)
    for q in survey_questions(survey):
        labels = _labels(q)
        exact = [counts[(q.pk, key)] for key, _ in labels]
        result = QuestionResult(question=q, texts=texts.get(q.pk, []))
        if rule is not None and labels:
            # Those who left the question out are a row of the controlled table (its total is
            # every answer), so that no hidden count can be worked out from "how many answered".
            labels = [*labels, (None, "Left it out")]
            table = disclosure.control_table([[n] for n in exact] + [[total - answered[q.pk]]], rule,
                                             row_totals=False, col_totals=True)
            shown = [row[0] for row in table.cells]
            result.answered = None
        else:
            shown = exact
            result.answered = answered[q.pk]
        top = max([n for n in shown if isinstance(n, int)] or [0])
        result.rows = [{"label": label, "n": n, "length": round(100 * n / top) if isinstance(n, int) and top else 0}
                       for (_, label), n in zip(labels, shown, strict=True)]
        results.questions.append(result)
    if rule is not None:
        # The ways as one controlled table with the answers as its total, so that a hidden way
        # cannot be worked out from the others and the total.
        ways = list(by_way)
        table = disclosure.control_table([[by_way[w]] for w in ways] or [[0]], rule, row_totals=False)
        results.responses = table.col_totals[0]
        results.by_way = {w: row[0] for w, row in zip(ways, table.cells, strict=False)}
    return results


# --- Activities, consent and quotes ----------------------------------------------------------


def activities_between(service_ids: Iterable[int], *, start: dt.date, end: dt.date) -> list:
    """The services' activities held from ``start`` to ``end``, newest first, each with how many
    young people took part and how many outputs it has: one query."""
    return list(Activity.objects.filter(service_id__in=list(service_ids), held_on__gte=start, held_on__lte=end)
                .select_related("service")
                .annotate(taking_part=Count("participants", distinct=True), made=Count("outputs", distinct=True))
                .order_by("-held_on", "-pk"))


def participants_of(user, activity) -> tuple[list, int]:
    """The young people who took part that this person may see (their participant rows, with the
    case and young person), and how many others took part: two queries."""
    rows = list(Participant.objects.filter(activity=activity).select_related("case__young_person")
                .order_by("case__young_person__first_name", "case__young_person__last_name", "pk"))
    visible = set(case_detail_ids(user, [p.case_id for p in rows]))
    shown = [p for p in rows if p.case_id in visible]
    return shown, len(rows) - len(shown)


def case_detail_ids(user, case_ids: list[int]) -> list[int]:
    return list(case_queries.case_detail(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def candidates_for(user, activity) -> list[Case]:
    """The service's young people this person may add to the activity: the cases they may see
    there, open or closed in the last year, not already taking part; one query."""
    since = timezone.now() - dt.timedelta(days=365)
    return list(case_queries.case_detail(user).filter(service_id=activity.service_id)
                .filter(Q(status=CaseStatus.OPEN) | Q(closures__closed_at__gte=since))
                .exclude(participation_activities__activity=activity)
                .select_related("young_person")
                .order_by("young_person__first_name", "young_person__last_name", "pk").distinct())


def case_participation(case: Case) -> dict:
    """A case's activities, consents (each with its quotes' number) and quotes: three queries."""
    return {
        "activities": list(Participant.objects.filter(case=case).select_related("activity")
                           .order_by("-activity__held_on", "-pk")),
        "consents": list(case.use_consents.select_related("activity").annotate(n_quotes=Count("quotes"))
                         .order_by("-given_on", "-pk")),
        "quotes": list(case.participation_quotes.select_related("consent").order_by("-said_on", "-pk")),
    }


def outputs_of(activity) -> list:
    return list(activity.outputs.all())


def activities_of_case(case: Case, *, limit: int = 50) -> list[Activity]:
    """The activities the case's young person took part in, newest first: one query."""
    return list(Activity.objects.filter(participants__case=case).order_by("-held_on", "-pk")[:limit])


def quotes_tied_to(consent) -> int:
    return consent.quotes.count()


def standing_word_consents(case: Case, *, on: dt.date) -> list:
    """The case's consents that cover their words and stand on ``on``: one query."""
    return [c for c in case.use_consents.filter(words=True) if c.live_on(on)]
