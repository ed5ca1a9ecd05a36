"""The quarterly participation report of one service, computed from the record when it is asked
for: feedback given, declined and overdue; what young people said (quotes and case studies whose
consent still stands and reaches beyond the service); activities by point on the spectrum; what
they made; accreditation; what was paid; and who took part, by age band, gender and the groups
services extend their reach to.

Every count of young people is exact for the service's own staff on screen, and controlled
(``lib.disclosure``) for everyone else and in every download: the PDF and the spreadsheet leave
the system. Nothing in it names a young person: quotes and outputs' titles were checked for
identifiers when they were saved.

Because it is computed on each request, a quote whose consent is withdrawn or has ended is left
out of every report made after, for past quarters too. Six queries, however large the service."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from hubspoke.cases.models import Case, CaseClosure
from hubspoke.lib import disclosure
from hubspoke.lib.periods import Period
from hubspoke.participation import rules
from hubspoke.participation.models import (
    SCOPES_BEYOND_SERVICE,
    Activity,
    ActivityKind,
    ActivityOutput,
    Participant,
    Quote,
    SupportFeedback,
    live_consent_q,
    pounds,
)
from hubspoke.referrals import ages
from hubspoke.referrals.models import Gender, SelfIdentified, YesNoUnknown

REACH_GROUPS = (
    ("boys", "Boys and young men"),
    ("ld_autism", "Young people with a learning disability or autism"),
    ("lgbt", "LGBT+ young people (as they identify themselves)"),
    ("uasc", "Unaccompanied asylum-seeking children"),
)


@dataclass
class Line:
    label: str
    n: disclosure.Shown
    extra: object = None


@dataclass
class ParticipationReport:
    service: object
    period: Period
    controlled: bool
    made_on: dt.date
    feedback: list[Line] = field(default_factory=list)
    feedback_total: disclosure.Shown = 0
    overdue_at_end: disclosure.Shown = 0
    quotes: list = field(default_factory=list)
    activities: int = 0
    by_kind: list[dict] = field(default_factory=list)
    young_people: disclosure.Shown = 0
    outputs: list = field(default_factory=list)
    accreditation: list[Line] = field(default_factory=list)
    accredited: disclosure.Shown = 0
    paid_pence: int = 0
    paid_to: disclosure.Shown = 0
    by_age: list[Line] = field(default_factory=list)
    by_gender: list[Line] = field(default_factory=list)
    reach: list[Line] = field(default_factory=list)

    @property
    def who(self) -> list[tuple[str, list[Line]]]:
        return [("By age at the quarter's end", self.by_age), ("By gender", self.by_gender),
                ("Groups services extend their reach to", self.reach)]

    @property
    def paid(self) -> str:
        return pounds(self.paid_pence)


def _person(name: str) -> F:
    return F(f"case__young_person__{name}")


def _moment(day: dt.date) -> dt.datetime:
    """The first moment of the day after ``day``, in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _column(counts: list[int], rule) -> tuple[list[disclosure.Shown], disclosure.Shown]:
    """One column of counts of different young people, with its total: controlled together so
    that no hidden count can be worked out from the others and the total."""
    if rule is None:
        return list(counts), sum(counts)
    table = disclosure.control_table([[n] for n in counts] or [[0]], rule, row_totals=False, col_totals=True)
    return [row[0] for row in table.cells][:len(counts)], table.col_totals[0]


def _one(n: int, rule) -> disclosure.Shown:
    return n if rule is None else disclosure.control_count(n, rule)


def _overdue_at_end(service, end: dt.date) -> int:
    """Cases open at the end of the quarter's last day whose feedback round was overdue that day
    (the monitoring return's ``feedback_rounds_at_end`` counts the same): one query."""
    moment = _moment(end)
    standing = CaseClosure.objects.filter(case=OuterRef("pk"), closed_at__lt=moment).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=moment))
    last = Subquery(SupportFeedback.objects.filter(case=OuterRef("pk"), given_on__lte=end).order_by()
                    .values("case").annotate(last=Max("given_on")).values("last")[:1])
    rows = (Case.objects.filter(service=service, opened_at__lt=moment).exclude(Exists(standing))
            .annotate(last=last).values_list("opened_at", "last").order_by())
    return sum(1 for opened_at, last_given_on in rows
               if rules.round_on(opened_on=timezone.localdate(opened_at), every_weeks=service.feedback_every_weeks,
                                 last_given_on=last_given_on, on=end).status == rules.Status.OVERDUE)


def quotes_for_report(service, period: Period, on: dt.date):
    """The quotes and case studies said in the quarter whose consent covers their words, reaches
    beyond the service and stands on ``on``: one query."""
    return list(Quote.objects.filter(live_consent_q(on, "consent__"), case__service=service,
                                     said_on__gte=period.start, said_on__lte=period.end, consent__words=True,
                                     consent__scope__in=SCOPES_BEYOND_SERVICE)
                .only("uuid", "kind", "text", "said_on").order_by("said_on", "pk"))


def _reach_of(person: dict) -> list[str]:
    found = []
    if person["gender"] == Gender.BOY:
        found.append("boys")
    if YesNoUnknown.YES in (person["learning_disability"], person["autism"]):
        found.append("ld_autism")
    if person["lgbt"] == SelfIdentified.YES:
        found.append("lgbt")
    if person["uasc"]:
        found.append("uasc")
    return found


def participation_report(service, period: Period, *, controlled: bool, on: dt.date | None = None,
                         rule: disclosure.Rule | None = None) -> ParticipationReport:
    """The service's report for the quarter, as it may be read: exact, or ``controlled`` by
    ``rule`` (the default rule when none is given)."""
    on = on or timezone.localdate()
    rule = (rule or disclosure.Rule()) if controlled else None
    report = ParticipationReport(service=service, period=period, controlled=controlled, made_on=on)
    start, end = period.start, period.end

    # Feedback given and declined in the quarter, and rounds overdue at its end.
    given = dict(SupportFeedback.objects.filter(case__service=service, given_on__gte=start, given_on__lte=end)
                 .values("declined").annotate(n=Count("id")).values_list("declined", "n").order_by())
    shown, report.feedback_total = _column([given.get(False, 0), given.get(True, 0)], rule)
    report.feedback = [Line("Feedback given", shown[0]), Line("Chose not to give feedback", shown[1])]
    report.overdue_at_end = _one(_overdue_at_end(service, end), rule)

    report.quotes = quotes_for_report(service, period, on)

    # Activities, and the young people who took part in them.
    kinds = dict(Activity.objects.filter(service=service, held_on__gte=start, held_on__lte=end)
                 .values("kind").annotate(n=Count("id")).values_list("kind", "n").order_by())
    report.activities = sum(kinds.values())
    rows = list(Participant.objects.filter(activity__service=service, activity__held_on__gte=start,
                                           activity__held_on__lte=end)
                .values("case_id", "accredited", "paid_pence", "activity__kind", "activity__accreditation",
                        dob=_person("date_of_birth"), estimated_age=_person("estimated_age"),
                        estimated_on=_person("estimated_on"), gender=_person("gender"),
                        learning_disability=_person("learning_disability"), autism=_person("autism"),
                        lgbt=_person("lgbt"), uasc=_person("unaccompanied_asylum_seeking"))
                .order_by())
    people: dict[int, dict] = {}
    by_kind: dict[str, set[int]] = defaultdict(set)
    accredited: dict[str, set[int]] = defaultdict(set)
    paid_to: set[int] = set()
    for row in rows:
        people[row["case_id"]] = row
        by_kind[row["activity__kind"]].add(row["case_id"])
        if row["accredited"] and row["activity__accreditation"]:
            accredited[row["activity__accreditation"]].add(row["case_id"])
        if row["paid_pence"]:
            paid_to.add(row["case_id"])
            report.paid_pence += row["paid_pence"]
    # A young person can take part in several kinds: no totals, each count on its own.
    report.by_kind = [{"label": label, "activities": kinds.get(key, 0), "young_people": _one(len(by_kind[key]), rule)}
                      for key, label in ActivityKind.choices]
    report.young_people = _one(len(people), rule)
    report.accreditation = [Line(name, _one(len(ids), rule)) for name, ids in sorted(accredited.items())]
    report.accredited = _one(len(set().union(*accredited.values())) if accredited else 0, rule)
    report.paid_to = _one(len(paid_to), rule)

    # Who took part: each young person once, by age band at the quarter's end, gender and reach.
    age_counts = Counter(ages.age_band(ages.age_at(dob=p["dob"], estimated_age=p["estimated_age"],
                                                   estimated_on=p["estimated_on"], on=end))
                         for p in people.values())
    shown, _ = _column([age_counts[key] for key, _ in ages.AGE_BANDS], rule)
    report.by_age = [Line(label, n) for (_, label), n in zip(ages.AGE_BANDS, shown, strict=True)]
    gender_counts = Counter(p["gender"] for p in people.values())
    shown, _ = _column([gender_counts[key] for key, _ in Gender.choices], rule)
    report.by_gender = [Line(label, n) for (_, label), n in zip(Gender.choices, shown, strict=True)]
    reach = Counter(group for p in people.values() for group in _reach_of(p))
    report.reach = [Line(label, _one(reach[key], rule)) for key, label in REACH_GROUPS]

    report.outputs = list(ActivityOutput.objects.filter(activity__service=service, activity__held_on__gte=start,
                                                        activity__held_on__lte=end)
                          .select_related("activity").only("uuid", "kind", "title", "activity__kind",
                                                           "activity__held_on")
                          .order_by("activity__held_on", "pk"))
    return report
