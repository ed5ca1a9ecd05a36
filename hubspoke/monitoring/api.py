"""The evaluation team's JSON API: periods, completeness, and submitted returns after disclosure
control. Its OpenAPI 3 description is served at ``openapi.json``.

Built on django-ninja, which derives the description from the same typed schemas that shape
the responses, so the two cannot drift apart. Authentication is an evaluator's API key
(``Authorization: Bearer hsk_…``): it must be unrevoked, unexpired, and its holder must still
be an evaluator today with a second factor. Calls are rate limited per key and per person (all
of a person's keys together) and audited. Nothing here returns a
person-level figure or any identifier of a young person: every figure goes through
``report.build`` with the programme's disclosure rule."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib

from django.conf import settings as django_settings
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from hubspoke.audit import actions as audit
from hubspoke.lib import periods
from hubspoke.monitoring import access, actions, dashboard, queries, report, rules
from hubspoke.monitoring.models import ApiToken, MonitoringReturn, ReturnStatus
from hubspoke.network.models import Programme


class ApiKey(HttpBearer):
    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("person")
            .filter(key_hash=actions.hash_key(token), revoked_at__isnull=True, expires_at__gt=now).first()
        )
        programme_ids = access.api_programme_ids(found.person) if found else []
        if not programme_ids:
            return None
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.person
        request.api_programme_ids = programme_ids
        return found


class PerKeyThrottle(AuthRateThrottle):
    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        ident = str(token.uuid) if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": "monitoring_api", "ident": ident}


class PerPersonThrottle(AuthRateThrottle):
    """All of one person's keys together: five keys do not give five times the rate."""

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        ident = f"person-{token.person_id}" if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": "monitoring_api_person", "ident": ident}


THROTTLE = PerKeyThrottle(django_settings.HUBSPOKE_API_RATE)
PERSON_THROTTLE = PerPersonThrottle(django_settings.HUBSPOKE_API_PERSON_RATE)

api = NinjaAPI(
    title="Hubspoke monitoring API",
    version="1",
    description=(
        "Quarterly monitoring returns for the evaluation team. Every figure has passed disclosure "
        "control: counts shown as \"c\" are hidden; other counts are rounded. No identifiers."
    ),
    urls_namespace="monitoring_api",
    auth=ApiKey(),
    throttle=[THROTTLE, PERSON_THROTTLE],
    docs_url=None,  # the interactive page loads script from elsewhere; the description is enough
    openapi_url="/openapi.json",
)


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    detail: list[dict]


ERRORS = {401: ErrorOut, 404: ErrorOut, 422: InvalidOut, 429: ErrorOut}


class PeriodOut(Schema):
    key: str
    label: str
    start: dt.date
    end: dt.date
    due_on: dt.date


class CompletenessOut(Schema):
    service_ref: uuid_lib.UUID
    service: str
    spokes: int
    state: str  # on_time, late, reopened, overdue, due
    version: int | None
    submitted_at: dt.datetime | None
    return_ref: uuid_lib.UUID | None


class ReturnSummaryOut(Schema):
    ref: uuid_lib.UUID
    service_ref: uuid_lib.UUID
    service: str
    period: str
    version: int
    submitted_at: dt.datetime
    on_time: bool
    being_corrected: bool


class RowOut(Schema):
    key: str
    label: str
    cells: list[int | str | None]
    total: int | str | None


class TableOut(Schema):
    id: str
    title: str
    description: str
    row_title: str
    columns: list[str]
    rows: list[RowOut]
    column_totals: list[int | str | None] | None
    grand_total: int | str | None
    controlled: bool  # false only for figures not about young people (staff posts)


class MeasureRowOut(Schema):
    label: str
    mean: float | str | None
    based_on: int | str | None


class MeasureOut(Schema):
    id: str
    title: str
    description: str
    unit: str
    rows: list[MeasureRowOut]


class SectionOut(Schema):
    id: str
    title: str
    tables: list[TableOut]
    measures: list[MeasureOut]


class NarrativeOut(Schema):
    achievements: str
    challenges: str
    context: str
    data_quality_notes: str


class ReturnOut(ReturnSummaryOut):
    narrative: NarrativeOut
    sections: list[SectionOut]


class ProgrammeReturnOut(Schema):
    period: str
    returns_counted: int
    sections: list[SectionOut]


def _programme(request) -> Programme:
    return Programme.objects.filter(pk__in=request.api_programme_ids).order_by("name").first()


def _period(request, programme: Programme, key: str) -> periods.Period:
    settings = queries.settings_of(programme)
    found = next((p for p in queries.periods_of(programme, settings) if p.key == key), None)
    if found is None:
        raise Http404("No such period")
    return found


def _sections(sections) -> list[dict]:
    return [
        {
            "id": s.id, "title": s.title,
            "tables": [
                {"id": t.id, "title": t.title, "description": t.description, "row_title": t.row_title,
                 "columns": t.columns, "column_totals": t.column_totals, "grand_total": t.grand_total,
                 "controlled": t.controlled,
                 "rows": [{"key": r.key, "label": r.label, "cells": r.cells, "total": r.total} for r in t.rows]}
                for t in s.tables
            ],
            "measures": [
                {"id": m.id, "title": m.title, "description": m.description, "unit": m.unit,
                 "rows": [{"label": label, "mean": mean, "based_on": n} for label, mean, n in m.rows]}
                for m in s.measures
            ],
        }
        for s in sections
    ]


def _summary(r: MonitoringReturn, version, period: periods.Period) -> dict:
    return {
        "ref": r.uuid, "service_ref": r.service.uuid, "service": r.service.name, "period": period.key,
        "version": version.number, "submitted_at": version.submitted_at, "on_time": version.on_time,
        "being_corrected": r.status == ReturnStatus.DRAFT,
    }


def _audit(request, action: str, **detail) -> None:
    audit.record(action=f"monitoring.api.{action}", actor=request.user, subject_kind="monitoring.apitoken",
                 subject_ref=str(request.auth.uuid), request=request, detail=detail)


@api.get("/periods", response={200: list[PeriodOut], **ERRORS}, summary="Quarters that have ended")
def list_periods(request):
    programme = _programme(request)
    settings = queries.settings_of(programme)
    _audit(request, "periods_listed")
    return [
        {"key": p.key, "label": p.label, "start": p.start, "end": p.end, "due_on": rules.due_on(p, settings)}
        for p in queries.periods_of(programme, settings)
    ]


@api.get("/periods/{key}/completeness", response={200: list[CompletenessOut], **ERRORS},
         summary="Which services have submitted, on time or late")
def completeness(request, key: str):
    programme = _programme(request)
    period = _period(request, programme, key)
    rows = queries.completeness(programme, period, due_on=rules.due_on(period, queries.settings_of(programme)))
    _audit(request, "completeness_listed", period=period.key)
    return [
        {"service_ref": row.service.uuid, "service": row.service.name, "spokes": row.spokes, "state": row.state,
         "version": row.version.number if row.version else None,
         "submitted_at": row.version.submitted_at if row.version else None,
         "return_ref": row.monitoring_return.uuid if row.version else None}
        for row in rows
    ]


@api.get("/periods/{key}/returns", response={200: list[ReturnSummaryOut], **ERRORS},
         summary="Submitted returns for a quarter")
def list_returns(request, key: str):
    programme = _programme(request)
    period = _period(request, programme, key)
    versions = queries.submitted_versions([programme.pk], [period.start])
    _audit(request, "returns_listed", period=period.key)
    versions.sort(key=lambda v: v.monitoring_return.service.name)
    return [_summary(v.monitoring_return, v, period) for v in versions]


@api.get("/periods/{key}/programme", response={200: ProgrammeReturnOut, **ERRORS},
         summary="The whole programme's figures for a quarter, after disclosure control")
def programme_return(request, key: str):
    programme = _programme(request)
    period = _period(request, programme, key)
    versions = queries.submitted_versions([programme.pk], [period.start], totals_only=True)
    rule = report.rule_of(queries.settings_of(programme))
    _audit(request, "programme_return_read", period=period.key)
    return {"period": period.key, "returns_counted": len(versions),
            "sections": _sections(report.build(dashboard.programme_figures(versions), rule, programme=programme))}


@api.get("/returns/{ref}", response={200: ReturnOut, **ERRORS},
         summary="One submitted return, after disclosure control")
def get_return(request, ref: uuid_lib.UUID):
    programme = _programme(request)
    found = queries.submitted_return(programme, ref)
    if found is None:
        raise Http404("No such return")
    r, version = found
    period = periods.quarter_of(r.period_start, programme.year_start_month)
    rule = report.rule_of(queries.settings_of(programme))
    audit.record_view(actor=request.user, subject=r, request=request, what="api_read")
    narrative = {k: version.narrative.get(k, "") for k in actions.NARRATIVE_FIELDS}
    return {**_summary(r, version, period), "narrative": narrative,
            "sections": _sections(report.build(version.figures["total"], rule, programme=programme))}


def api_urls():
    """The API's URL patterns, open to requests without a session: each call carries its key
    (Django's LoginRequiredMiddleware would otherwise send it to the sign-in page)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
