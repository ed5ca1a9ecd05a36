"""Writes for monitoring: draft returns, narrative, submission (freezing the figures as a new
version), reopening with a reason, snapshot surveys and evaluators' API keys. Each runs in one
transaction with its audit row."""

from __future__ import annotations

import hashlib
import secrets
from contextlib import contextmanager
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.monitoring import access, dashboard, indicators, queries, rules
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
from hubspoke.network import queries as network_queries
from hubspoke.network.models import PostLocation, Programme, Service
from hubspoke.referrals import identifiers

NARRATIVE_FIELDS = ("achievements", "challenges", "context", "data_quality_notes")
API_TOKEN_DAYS = (30, 90, 180, 365)


def settings_for(programme: Programme) -> MonitoringSettings:
    """The programme's monitoring settings, saved with the defaults (``queries.settings_of``)
    the first time a write needs them, so that the drafts made follow settings that stay put."""
    found = queries.settings_of(programme)
    if found.pk is None:
        found, _ = MonitoringSettings.objects.get_or_create(
            programme=programme, defaults={"returns_from": found.returns_from})
    return found


def ensure_returns(services, *, on: date | None = None, actor=None) -> int:
    """A draft return for every ended quarter of each service that has none yet, from the
    programme's first quarter (or its phase's, if later), under the reference the returns page
    already shows it by (``rules.draft_ref``). Idempotent; one insert for all that are missing,
    and an audit row for each draft made (``actor`` None: made by the daily job). ``services``
    should come with ``programme`` and ``phase`` selected. Returns how many were made."""
    services = list(services)
    if not services:
        return 0
    with transaction.atomic():
        for programme in {s.programme_id: s.programme for s in services}.values():
            settings_for(programme)
        missing = queries.unmade_drafts(services, on=on or today())
        if not missing:
            return 0
        now = timezone.now()
        for draft in missing:
            draft.created_at = draft.updated_at = now
        MonitoringReturn.objects.bulk_create(missing, ignore_conflicts=True)
        # What this call made (another may have made some of them at the same moment).
        made = list(MonitoringReturn.objects.filter(uuid__in=[d.uuid for d in missing], created_at=now))
        for draft in made:
            _record_made(draft, actor=actor)
    return len(made)


def make_due_drafts(*, today: date | None = None) -> int:
    """For the daily job: the draft return of every active service for each ended quarter it
    owes and has no return for yet (the quarter just ended, and any missed before it), as of
    ``today`` (by default, today). Idempotent; each draft made is audited. Returns how many were
    made."""
    services = Service.objects.filter(is_active=True).select_related("programme", "phase").order_by("pk")
    return ensure_returns(services, on=today)


def _record_made(draft: MonitoringReturn, *, actor) -> None:
    audit.record(action="monitoring.monitoringreturn.created", actor=actor, subject=draft,
                 detail={"period_start": draft.period_start.isoformat()})


def _make_row(monitoring_return: MonitoringReturn, *, actor) -> None:
    """Give a draft shown before its row was made (``queries.returns_of``) its row, under the
    reference it was shown by; the caller's instance then names that row. Call inside the
    write's transaction (``_row_for``)."""
    if monitoring_return.pk is not None:
        return
    settings_for(monitoring_return.service.programme)
    now = timezone.now()
    row, created = MonitoringReturn.objects.get_or_create(
        service=monitoring_return.service, period_start=monitoring_return.period_start,
        defaults={"uuid": monitoring_return.uuid, "period_end": monitoring_return.period_end,
                  "due_on": monitoring_return.due_on, "created_at": now, "updated_at": now},
    )
    if created:
        _record_made(row, actor=actor)
    monitoring_return.pk = row.pk
    monitoring_return._state.adding = False
    monitoring_return._state.db = row._state.db
    for name in ("uuid", "due_on", "created_at", "updated_at"):
        setattr(monitoring_return, name, getattr(row, name))


@contextmanager
def _row_for(monitoring_return: MonitoringReturn, *, actor):
    """A write's transaction on a return, made first if it is a draft not made yet. If the write
    is refused, the row made for it goes with the rollback, and the caller's instance is again
    the draft not made yet."""
    unmade = monitoring_return.pk is None
    try:
        with transaction.atomic():
            _make_row(monitoring_return, actor=actor)
            yield
    except BaseException:
        if unmade:
            monitoring_return.pk = None
            monitoring_return._state.adding = True
        raise


def update_narrative(*, actor: User, monitoring_return: MonitoringReturn, **fields) -> MonitoringReturn:
    unknown = set(fields) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not narrative fields: {sorted(unknown)}")
    if monitoring_return.pk is None and not any(fields.values()):
        return monitoring_return  # a draft not made yet, and nothing written in it: nothing to save
    with _row_for(monitoring_return, actor=actor):
        locked = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
        if not rules.may_change(locked):
            raise ValidationError("This return has been submitted. Reopen it to change it.")
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
        if changed:
            locked.updated_at = timezone.now()
            locked.save(update_fields=[*changed, "updated_at"])
            audit.record(action="monitoring.monitoringreturn.updated", actor=actor, subject=locked,
                         detail={"fields": changed})
    return locked


def part_labels(service: Service) -> dict[str, str]:
    labels = {"hub": "Hub"}
    labels.update({str(ref): name for ref, name in service.spokes.order_by("name").values_list("uuid", "name")})
    return labels


def submit_return(*, actor: User, monitoring_return: MonitoringReturn) -> ReturnVersion:
    """Freeze the figures as computed now, with the narrative, as the next version. Refused
    (``IdentifiersFound``) while the narrative holds anything that could identify one of the
    service's young people. A draft not made yet is made first, in the same transaction."""
    with _row_for(monitoring_return, actor=actor):
        locked = MonitoringReturn.objects.select_for_update().select_related("service").get(pk=monitoring_return.pk)
        if not rules.may_change(locked):
            raise ValidationError("This return has already been submitted.")
        if locked.period_end >= today():
            raise ValidationError("A return can be submitted once its quarter has ended.")
        # Free text leaves the service with the return: nothing in it may identify a young person.
        identifiers.refuse_identifiers({name: getattr(locked, name) for name in NARRATIVE_FIELDS},
                                       service_ids=[locked.service_id])
        figures = indicators.compute([locked.service], locked.period_start, locked.period_end)[locked.service_id]
        now = timezone.now()
        version = ReturnVersion.objects.create(
            monitoring_return=locked, number=locked.version + 1, figures=figures,
            part_labels=part_labels(locked.service), headlines=dashboard.headline_values(figures),
            total=figures["total"],
            narrative={name: getattr(locked, name) for name in NARRATIVE_FIELDS},
            submitted_at=now, submitted_by=actor, on_time=timezone.localdate(now) <= locked.due_on,
        )
        locked.status = ReturnStatus.SUBMITTED
        locked.version = version.number
        locked.updated_at = now
        locked.save(update_fields=["status", "version", "updated_at"])
        audit.record(action="monitoring.monitoringreturn.submitted", actor=actor, subject=locked,
                     detail={"version": version.number, "on_time": version.on_time})
    return version


def reopen_return(*, actor: User, monitoring_return: MonitoringReturn, reason: str) -> MonitoringReturn:
    """Make a submitted return a draft again. The submitted version is kept as it was, marked
    with who reopened it and why; the next submission is a new version."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the return needs to be reopened"})
    # The evaluation team reads the reason: it passes the same check as the narrative.
    identifiers.refuse_identifiers({"reason": reason}, service_ids=[monitoring_return.service_id])
    if monitoring_return.pk is None:  # a draft shown before its row is made: never submitted
        raise ValidationError("Only a submitted return can be reopened.")
    with transaction.atomic():
        locked = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
        if locked.status != ReturnStatus.SUBMITTED:
            raise ValidationError("Only a submitted return can be reopened.")
        now = timezone.now()
        ReturnVersion.objects.filter(monitoring_return=locked, number=locked.version).update(
            reopened_at=now, reopened_by=actor, reopen_reason=reason
        )
        locked.status = ReturnStatus.DRAFT
        locked.updated_at = now
        locked.save(update_fields=["status", "updated_at"])
        audit.record(action="monitoring.monitoringreturn.reopened", actor=actor, subject=locked,
                     detail={"version": locked.version})
    return locked


# --- Snapshot surveys ------------------------------------------------------------------------


def open_survey(*, actor: User, programme: Programme, as_of: date, due_on: date) -> Survey:
    """Ask every active service to confirm its posts as at ``as_of``, each response prefilled
    from the network's posts in existence that day, filled or vacant as they were that day
    (``network.queries.posts_on``)."""
    if due_on < as_of:
        raise ValidationError({"due_on": "The date it is due must be on or after the date it is as at"})
    if Survey.objects.filter(programme=programme, as_of=as_of).exists():
        raise ValidationError({"as_of": "There is already a snapshot survey as at that date"})
    with transaction.atomic():
        survey = Survey.objects.create(programme=programme, as_of=as_of, due_on=due_on,
                                       opened_at=timezone.now(), opened_by=actor)
        services = list(programme.services.filter(is_active=True))
        responses = SurveyResponse.objects.bulk_create([SurveyResponse(survey=survey, service=s) for s in services])
        by_service = {r.service_id: r for r in SurveyResponse.objects.filter(survey=survey)}
        SurveyPost.objects.bulk_create([
            SurveyPost(response=by_service[post.service_id], title=post.title, fte=post.fte, location=post.location,
                       spoke_id=post.spoke_id, funder_id=post.funder_id, filled=not post.vacant_that_day)
            for post in network_queries.posts_on(as_of).filter(service__in=services)
        ])
        audit.record(action="monitoring.survey.opened", actor=actor, subject=survey,
                     detail={"as_of": as_of.isoformat(), "services": len(responses)})
    return survey


def save_survey_posts(*, actor: User, response: SurveyResponse, posts: list[dict], confirm: bool) -> SurveyResponse:
    """Replace the response's posts with ``posts`` (title, fte, location, spoke, funder, filled)
    and, if asked, confirm it. A confirmed response is final."""
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        if locked.confirmed_at:
            raise ValidationError("This service's posts have already been confirmed.")
        visible = VisibleCharactersOnly("Post title")
        for n, post in enumerate(posts, start=1):
            try:
                visible(post["title"])
            except ValidationError as error:
                raise ValidationError(f"Post {n}: {error.messages[0]}") from None
        locked.posts.all().delete()
        SurveyPost.objects.bulk_create([
            SurveyPost(response=locked, title=p["title"], fte=p["fte"], location=p["location"],
                       spoke=p["spoke"] if p["location"] == PostLocation.SPOKE else None,
                       funder=p["funder"], filled=p["filled"])
            for p in posts
        ])
        if confirm:
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = actor
            locked.save(update_fields=["confirmed_at", "confirmed_by"])
        audit.record(action="monitoring.surveyresponse.confirmed" if confirm else "monitoring.surveyresponse.updated",
                     actor=actor, subject=locked, detail={"posts": len(posts)})
    return locked


# --- API keys ----------------------------------------------------------------------------------


def hash_key(key: str) -> str:
    # The key is 256 random bits: a fast hash is enough (nothing to guess), and lets each API
    # call find its token by an index rather than trying every stored hash.
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(*, actor: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new key for the monitoring API; the key itself is returned once and never stored. Only
    someone whose key would work may make one: a current evaluator with a second factor."""
    if not access.api_programme_ids(actor):
        raise ValidationError("Only an evaluator with an authenticator app can make an API key")
    if days not in API_TOKEN_DAYS:
        raise ValidationError({"days": "Select how long the key lasts"})
    key = "hsk_" + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(person=actor, name=name.strip()[:100], prefix=key[:10],
                                        key_hash=hash_key(key), created_at=now,
                                        expires_at=now + timedelta(days=days))
        audit.record(action="monitoring.apitoken.created", actor=actor, subject=token, detail={"days": days})
    return token, key


def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated:
            audit.record(action="monitoring.apitoken.revoked", actor=actor, subject=token)
    token.refresh_from_db()
    return token
