"""Reads for monitoring. Every function here costs a fixed number of queries however many
services, returns or versions there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q
from django.db.models.fields.json import KeyTransform

from hubspoke.lib import periods
from hubspoke.lib.dates import today
from hubspoke.monitoring import indicators, rules
from hubspoke.monitoring.models import (
    ApiToken,
    MonitoringReturn,
    MonitoringSettings,
    ReturnStatus,
    ReturnVersion,
    Survey,
    SurveyPost,
    SurveyResponse,
)
from hubspoke.network.models import Programme, Service, Spoke


def returns_of(services, *, on: date | None = None) -> list[MonitoringReturn]:
    """Every return the services owe, newest quarter first: those made, and for each ended
    quarter owed that has no row yet, the draft as it will be made (unsaved, under the reference
    its row will have; ``actions.make_due_drafts`` makes them daily, and the first write to one
    makes it). ``services`` come with ``programme`` and ``phase``. A fixed number of queries."""
    services = list(services)
    made = list(MonitoringReturn.objects.filter(service__in=services).select_related("service"))
    found = made + _unmade_drafts(services, {(r.service_id, r.period_start) for r in made}, on=on or today())
    found.sort(key=lambda r: r.service.name)
    found.sort(key=lambda r: r.period_start, reverse=True)
    return found


def unmade_drafts(services, *, on: date | None = None) -> list[MonitoringReturn]:
    """The drafts the services owe by ``on`` that have no row yet, unsaved."""
    services = list(services)
    made = set(MonitoringReturn.objects.filter(service__in=services).values_list("service_id", "period_start"))
    return _unmade_drafts(services, made, on=on or today())


def _unmade_drafts(services, made: set, *, on: date) -> list[MonitoringReturn]:
    settings = {}
    drafts = []
    for service in services:
        if service.programme_id not in settings:
            settings[service.programme_id] = settings_of(service.programme)
        for period in rules.owed_periods(service, settings[service.programme_id], on=on):
            if (service.pk, period.start) not in made:
                drafts.append(rules.unmade_draft(service, period, settings[service.programme_id]))
    return drafts


def unmade_draft(service_ids, ref) -> MonitoringReturn | None:
    """The draft with reference ``ref`` that one of the services owes and has no row for yet."""
    return next((r for r in unmade_drafts(managed_services(service_ids)) if str(r.uuid) == str(ref)), None)


def versions_of(monitoring_return: MonitoringReturn) -> list[ReturnVersion]:
    if monitoring_return.pk is None:  # a draft not made yet has none
        return []
    return list(
        monitoring_return.versions.select_related("submitted_by", "reopened_by").order_by("-number")
    )


def live_figures(monitoring_return: MonitoringReturn) -> dict:
    """A draft's figures, computed from the record now."""
    service = monitoring_return.service
    return indicators.compute([service], monitoring_return.period_start, monitoring_return.period_end)[service.pk]


def figures_of(monitoring_return: MonitoringReturn) -> tuple[dict, ReturnVersion | None]:
    """What the return says: the frozen figures of a submitted return, or a draft's live ones."""
    if monitoring_return.status == ReturnStatus.SUBMITTED:
        version = monitoring_return.versions.get(number=monitoring_return.version)
        return version.figures, version
    return live_figures(monitoring_return), None


# --- The programme's view ------------------------------------------------------------------


def programmes(programme_ids) -> list[Programme]:
    return list(Programme.objects.filter(pk__in=programme_ids).order_by("name"))


def settings_of(programme: Programme) -> MonitoringSettings:
    """The programme's monitoring settings; until they are first saved (``actions.settings_for``),
    the defaults they will be saved with, unsaved: returns asked from the quarter the
    programme's first phase began."""
    found = MonitoringSettings.objects.filter(programme=programme).first()
    if found:
        return found
    first = programme.phases.exclude(starts_on=None).order_by("starts_on").values_list("starts_on", flat=True).first()
    return MonitoringSettings(programme=programme, returns_from=first or today())


def periods_of(programme: Programme, settings: MonitoringSettings, *, on: date | None = None) -> list[periods.Period]:
    """Every ended quarter since returns began, newest first."""
    return list(reversed(periods.ended_between(settings.returns_from, on or today(), programme.year_start_month)))


@dataclass(frozen=True)
class TrackerRow:
    service: Service
    spokes: int
    monitoring_return: MonitoringReturn | None
    version: ReturnVersion | None  # the latest submitted version, if any

    @property
    def state(self) -> str:
        """``on_time``, ``late``, ``reopened``, ``overdue`` or ``due``."""
        r = self.monitoring_return
        if self.version is not None:
            if r.status == ReturnStatus.DRAFT:
                return "reopened"
            return "on_time" if self.version.on_time else "late"
        if r is not None and r.due_on < today():
            return "overdue"
        return "due"


def completeness(programme: Programme, period: periods.Period, *, due_on: date) -> list[TrackerRow]:
    """Each active service of the programme whose phase had begun by the period's end, with its
    return for the period (three queries)."""
    services = list(
        Service.objects.filter(programme=programme, is_active=True)
        .filter(Q(phase__starts_on__isnull=True) | Q(phase__starts_on__lte=period.end))  # had begun by then
        .annotate(spoke_count=Count("spokes", filter=Q(spokes__starts_on__lte=period.end)
                                    & (Q(spokes__ends_on__isnull=True) | Q(spokes__ends_on__gte=period.start))))
        .order_by("name")
    )
    returns = {
        r.service_id: r
        for r in MonitoringReturn.objects.filter(service__in=services, period_start=period.start)
    }
    by_pk = {r.pk: r for r in returns.values()}
    versions = {
        v.monitoring_return_id: v
        for v in ReturnVersion.objects.filter(monitoring_return__in=list(by_pk)).select_related("submitted_by")
        if v.number == by_pk[v.monitoring_return_id].version
    } if by_pk else {}
    rows = []
    for service in services:
        r = returns.get(service.pk)
        if r is None:  # not generated yet: due as the programme's settings say
            r = MonitoringReturn(service=service, period_start=period.start, period_end=period.end, due_on=due_on)
            r.pk = None
        rows.append(TrackerRow(service=service, spokes=service.spoke_count, monitoring_return=r if r.pk else None,
                               version=versions.get(r.pk)))
    return rows


def submitted_versions(programme_ids, period_starts, *, totals_only: bool = False) -> list[ReturnVersion]:
    """The latest submitted version of each return in the periods: what the programme counts.

    A version's figures hold every table for the service and again for each of its parts;
    ``totals_only`` reads only the version's total (``ReturnVersion.total``, kept apart at
    submission) and sets ``figures`` to ``{"total": ...}``. A version without it has it taken
    from its figures (one more query for all such)."""
    candidates = ReturnVersion.objects.filter(
        monitoring_return__service__programme_id__in=programme_ids,
        monitoring_return__period_start__in=list(period_starts),
        monitoring_return__version__gte=1,
        number=F("monitoring_return__version"),
    ).select_related("monitoring_return__service__phase")
    if not totals_only:
        return list(candidates)
    found = list(candidates.defer("figures", "part_labels", "narrative", "headlines"))
    missing = [v.pk for v in found if not v.total]
    if missing:
        totals = dict(ReturnVersion.objects.filter(pk__in=missing).values_list("pk", KeyTransform("total", "figures")))
    for v in found:
        v.figures = {"total": v.total or totals[v.pk]}
    return found


def submitted_headlines(programme_ids, period_starts) -> list[ReturnVersion]:
    """The latest submitted version of each return in the periods with only its headline values
    read (``ReturnVersion.headlines``), not its figures. A version submitted before a headline
    was added gets its values worked out from its figures (one more query for all such)."""
    from hubspoke.monitoring.dashboard import HEADLINES, headline_values

    wanted = {h.id for h in HEADLINES}
    found = list(
        ReturnVersion.objects.filter(
            monitoring_return__service__programme_id__in=programme_ids,
            monitoring_return__period_start__in=list(period_starts),
            monitoring_return__version__gte=1,
            number=F("monitoring_return__version"),
        ).select_related("monitoring_return__service__phase").defer("figures", "part_labels", "narrative", "total")
    )
    stale = [v for v in found if not wanted <= set(v.headlines.get("total", {}))]
    if stale:
        figures = dict(ReturnVersion.objects.filter(pk__in=[v.pk for v in stale]).values_list("pk", "figures"))
        for v in stale:
            v.headlines = headline_values(figures[v.pk])
    return found


def spoke_contexts(programme_ids) -> dict[str, dict]:
    """Each spoke's model and host agency type by its UUID, to group returns' parts."""
    return {
        str(s.uuid): {
            "model": f"model_{s.model.number}", "model_label": str(s.model),
            "host": s.host_agency.agency_type if s.host_agency_id else "no_fixed_base",
        }
        for s in Spoke.objects.filter(service__programme_id__in=programme_ids).select_related("model", "host_agency")
    }


def survey_list(programme_ids) -> list[Survey]:
    return list(
        Survey.objects.filter(programme_id__in=programme_ids)
        .annotate(services=Count("responses"),
                  confirmed=Count("responses", filter=Q(responses__confirmed_at__isnull=False)))
        .order_by("-as_of")
    )


def survey_responses(survey: Survey) -> list[SurveyResponse]:
    return list(
        survey.responses.select_related("service", "confirmed_by")
        .prefetch_related(Prefetch("posts", queryset=SurveyPost.objects.select_related("funder", "spoke")))
        .order_by("service__name")
    )


def open_survey_responses(service_ids) -> list[SurveyResponse]:
    return list(
        SurveyResponse.objects.filter(service_id__in=service_ids)
        .select_related("survey", "service").order_by("-survey__as_of", "service__name")
    )


def api_tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(person=user).order_by("-created_at"))


def managed_services(service_ids) -> list[Service]:
    return list(Service.objects.filter(pk__in=service_ids).select_related("programme", "phase").order_by("name"))


def version_of(monitoring_return: MonitoringReturn, number: int) -> ReturnVersion | None:
    if monitoring_return.pk is None:
        return None
    return monitoring_return.versions.select_related("submitted_by", "reopened_by").filter(number=number).first()


def active_service_count(programme: Programme) -> int:
    return programme.services.filter(is_active=True).count()


def completeness_summary(rows: list[TrackerRow]) -> dict:
    counts = {"on_time": 0, "late": 0, "reopened": 0, "overdue": 0, "due": 0}
    for row in rows:
        counts[row.state] += 1
    counts["submitted"] = counts["on_time"] + counts["late"]
    counts["services"] = len(rows)
    counts["spokes"] = sum(row.spokes for row in rows)
    counts["spokes_covered"] = sum(row.spokes for row in rows if row.state in ("on_time", "late"))
    return counts


def survey_posts(response: SurveyResponse):
    return list(response.posts.select_related("spoke", "funder"))


def survey_choices(response: SurveyResponse):
    """The spokes a post can be in and the funders that can fund it."""
    spokes = list(Spoke.objects.filter(service=response.service_id).order_by("name"))
    funders = list(response.survey.programme.funders.order_by("name"))
    return spokes, funders


def survey_summary(responses: list[SurveyResponse]) -> dict:
    """Posts and FTE across the confirmed responses, by hub or spoke and filled or vacant."""
    out = {"confirmed": 0, "services": len(responses), "posts": 0, "filled": 0, "vacant": 0,
           "fte_filled": 0, "fte_vacant": 0, "hub": 0, "spoke": 0}
    for response in responses:
        if not response.confirmed_at:
            continue
        out["confirmed"] += 1
        for post in response.posts.all():
            out["posts"] += 1
            out[post.location] += 1
            key = "filled" if post.filled else "vacant"
            out[key] += 1
            out[f"fte_{key}"] += post.fte
    return out


def submitted_return(programme: Programme, ref) -> tuple[MonitoringReturn, ReturnVersion] | None:
    found = (
        MonitoringReturn.objects.select_related("service")
        .filter(uuid=ref, service__programme=programme, version__gte=1).first()
    )
    if found is None:
        return None
    return found, found.versions.get(number=found.version)
