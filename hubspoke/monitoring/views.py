from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.audit import actions as audit
from hubspoke.lib import exports, periods
from hubspoke.lib.dates import today
from hubspoke.monitoring import access, actions, dashboard, queries, report, rules
from hubspoke.monitoring.forms import (
    ApiTokenForm,
    NarrativeForm,
    ReopenForm,
    SubmitForm,
    SurveyForm,
    SurveyPostFormSet,
)
from hubspoke.monitoring.models import ReturnStatus
from hubspoke.network.models import Role
from hubspoke.referrals import identifiers


def _errors(exc: ValidationError, form) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


# --- A service's own returns (its managers) --------------------------------------------------


@require_GET
def returns(request):
    """The service's returns, including each quarter's draft before its row is made: a look
    writes nothing (drafts are made by the daily job or the first write to one)."""
    managed = access.require_manager(request)
    rows = queries.returns_of(queries.managed_services(managed))
    return render(request, "monitoring/returns.html", {
        "rows": rows, "surveys": queries.open_survey_responses(managed), "today": today(),
    })


def _part_choice(request, monitoring_return, figures):
    """Which part of the return to show: the whole service, the hub, or one spoke."""
    labels = actions.part_labels(monitoring_return.service)
    part = request.GET.get("part", "total")
    if part != "total" and part not in figures["parts"]:
        part = "total"
    choices = [("total", "The whole service")] + [
        (key, labels.get(key, "A spoke that has since closed")) for key in figures["parts"]
    ]
    return part, choices


@require_http_methods(["GET", "POST"])
def return_detail(request, ref):
    monitoring_return = access.get_return_for_manager(request, ref)
    narrative = None
    if request.method == "POST":
        if not rules.may_change(monitoring_return):
            raise access.deny_submitted(request, monitoring_return)
        narrative = NarrativeForm(request.POST)
        if narrative.is_valid():
            try:
                actions.update_narrative(actor=request.user, monitoring_return=monitoring_return,
                                         **narrative.cleaned_data)
            except ValidationError as exc:
                _errors(exc, narrative)
            else:
                messages.success(request, "The narrative is saved.")
                return redirect("monitoring:return", ref=monitoring_return.uuid)
    audit.record_view(actor=request.user, subject=monitoring_return, request=request)
    if narrative is not None:
        return _return_page(request, monitoring_return, status=400, narrative=narrative)
    return _return_page(request, monitoring_return)


def _return_page(request, monitoring_return, *, status=200, **forms):
    """A manager's return: the exact figures (or, if asked, the controlled ones) for the whole
    service or one part, the narrative, and the form to submit or reopen it. ``forms``: a form
    that failed, shown with what was typed in it."""
    figures, version = queries.figures_of(monitoring_return)
    part, parts = _part_choice(request, monitoring_return, figures)
    controlled = request.GET.get("view") == "controlled"
    programme = monitoring_return.service.programme
    rule = report.rule_of(queries.settings_of(programme))
    chosen = figures["total"] if part == "total" else figures["parts"][part]
    draft = rules.may_change(monitoring_return)
    context = {
        "monitoring_return": monitoring_return, "version": version, "part": part, "parts": parts,
        # What in the saved narrative would stop it being submitted, shown before anyone tries.
        "identifiers": identifiers.identifiers_in(
            {n: getattr(monitoring_return, n) for n in actions.NARRATIVE_FIELDS},
            service_ids=[monitoring_return.service_id]) if draft else {},
        "narrative_labels": {name: field.label for name, field in NarrativeForm.base_fields.items()},
        "sections": report.build(chosen, rule if controlled else None, programme=programme),
        "draft": draft, "controlled": controlled, "rule": rule,
        "narrative": NarrativeForm(initial={n: getattr(monitoring_return, n) for n in actions.NARRATIVE_FIELDS}),
        "submit_form": SubmitForm(), "reopen_form": ReopenForm(), "versions": queries.versions_of(monitoring_return),
        "today": today(), "period": periods.period_starting(monitoring_return.period_start, programme.year_start_month),
        **forms,
    }
    return render(request, "monitoring/return.html", context, status=status)


@require_POST
def return_submit(request, ref):
    monitoring_return = access.get_return_for_manager(request, ref)
    form = SubmitForm(request.POST)
    if rules.may_change(monitoring_return) and any(n in request.POST for n in actions.NARRATIVE_FIELDS):
        # The narrative as typed on the page is saved first: nothing typed is lost, and the
        # submission checks what is there now.
        narrative = NarrativeForm(request.POST)
        if not narrative.is_valid():
            return _return_page(request, monitoring_return, status=400, narrative=narrative, submit_form=form)
        actions.update_narrative(actor=request.user, monitoring_return=monitoring_return, **narrative.cleaned_data)
        if monitoring_return.pk is not None:  # still unmade if nothing was typed: nothing to read back
            monitoring_return.refresh_from_db()
    if form.is_valid():
        try:
            version = actions.submit_return(actor=request.user, monitoring_return=monitoring_return)
        except identifiers.IdentifiersFound as exc:
            # Shown on the narrative's own fields, with what was found, for the manager to take out.
            narrative = NarrativeForm({n: getattr(monitoring_return, n) for n in actions.NARRATIVE_FIELDS})
            narrative.is_valid()
            _errors(exc, narrative)
            return _return_page(request, monitoring_return, status=400, narrative=narrative, submit_form=form)
        except ValidationError as exc:
            _errors(exc, form)
        else:
            messages.success(request,
                             f"Version {version.number} of the return is submitted. Its figures are now frozen.")
            return redirect("monitoring:return", ref=monitoring_return.uuid)
    return _return_page(request, monitoring_return, status=400, submit_form=form)


@require_POST
def return_reopen(request, ref):
    monitoring_return = access.get_return_for_manager(request, ref)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            actions.reopen_return(actor=request.user, monitoring_return=monitoring_return,
                                  reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors(exc, form)
        else:
            messages.success(request, "The return is reopened. Its figures are worked out from the record again.")
            return redirect("monitoring:return", ref=monitoring_return.uuid)
    return _return_page(request, monitoring_return, status=400, reopen_form=form)


@require_GET
def return_version(request, ref, number):
    monitoring_return = access.get_return_for_manager(request, ref)
    version = queries.version_of(monitoring_return, number)
    if version is None:
        raise Http404("No such version")
    audit.record_view(actor=request.user, subject=monitoring_return, request=request, what="version_viewed")
    return render(request, "monitoring/return_version.html", {
        "monitoring_return": monitoring_return, "version": version,
        "sections": report.build(version.figures["total"], None, programme=monitoring_return.service.programme),
    })


# --- The programme's view (programme leads and evaluators) ----------------------------------


def _programme_and_period(request):
    ids = access.programme_ids(request)
    programme = queries.programmes(ids)[0]
    settings = queries.settings_of(programme)
    available = queries.periods_of(programme, settings)
    chosen = request.GET.get("period")
    period = next((p for p in available if p.key == chosen), available[0] if available else None)
    return programme, settings, available, period


@require_GET
def programme(request):
    programme, settings, available, period = _programme_and_period(request)
    rule = report.rule_of(settings)
    by = request.GET.get("by") if request.GET.get("by") in dashboard.GROUPINGS else "service"
    context = {"programme": programme, "periods": available, "period": period, "by": by,
               "by_label": dashboard.GROUPINGS[by], "groupings": dashboard.GROUPINGS, "rule": rule}
    if period is not None:
        recent = available[:8]
        # The trend and the breakdown read each version's headline values, never its figures.
        submitted = queries.submitted_headlines([programme.pk], [p.start for p in recent])
        by_period = {p.start: [] for p in recent}
        for v in submitted:
            by_period[v.monitoring_return.period_start].append(v)
        current = (by_period[period.start] if period in recent
                   else queries.submitted_headlines([programme.pk], [period.start]))
        trend = dashboard.trend([(p, by_period[p.start]) for p in reversed(recent)], rule)
        context.update({
            "trend": trend,
            "trend_charts": dashboard.trend_charts(trend),
            "breakdown": dashboard.breakdown(current, by, queries.spoke_contexts([programme.pk]), rule),
            "submitted_count": len(current),
            "service_count": queries.active_service_count(programme),
        })
    audit.record(action="monitoring.programme.dashboard_viewed", actor=request.user,
                 subject_kind="network.programme", subject_ref=str(programme.uuid), request=request)
    fmt = request.GET.get("format")
    if period is not None and fmt in ("csv", "xlsx"):
        by_group, by_quarter = dashboard.export_rows(context["breakdown"], context["trend"], context["by_label"])
        name = f"{slugify(programme.name)}-dashboard-{period.key}-by-{by}"
        if fmt == "csv":
            return exports.csv_response(by_group, name)
        return exports.xlsx_response([(f"By {by}", by_group), ("By quarter", by_quarter)], name)
    return render(request, "monitoring/programme.html", context)


@require_GET
def programme_return(request):
    """The whole programme's return for a quarter: every submitted return's exact figures
    summed, then controlled."""
    programme, settings, available, period = _programme_and_period(request)
    if period is None:
        raise Http404("No quarter has ended yet")
    versions = queries.submitted_versions([programme.pk], [period.start], totals_only=True)
    rule = report.rule_of(settings)
    sections = report.build(dashboard.programme_figures(versions), rule, programme=programme)
    audit.record(action="monitoring.programme.return_viewed", actor=request.user,
                 subject_kind="network.programme", subject_ref=str(programme.uuid), request=request,
                 detail={"period": period.key})
    fmt = request.GET.get("format")
    name = f"{slugify(programme.name)}-{period.key}"
    if fmt == "csv":
        return exports.csv_response(report.flat_rows(sections), name)
    if fmt == "xlsx":
        return exports.xlsx_response([("Programme return", report.flat_rows(sections))], name)
    return render(request, "monitoring/programme_return.html", {
        "programme": programme, "periods": available, "period": period, "sections": sections, "rule": rule,
        "submitted_count": len(versions), "service_count": queries.active_service_count(programme),
    })


@require_GET
def completeness(request):
    programme, settings, available, period = _programme_and_period(request)
    rows, due_on = [], None
    if period is not None:
        due_on = rules.due_on(period, settings)
        rows = queries.completeness(programme, period, due_on=due_on)
    audit.record(action="monitoring.programme.completeness_viewed", actor=request.user,
                 subject_kind="network.programme", subject_ref=str(programme.uuid), request=request)
    return render(request, "monitoring/completeness.html", {
        "programme": programme, "periods": available, "period": period, "rows": rows, "due_on": due_on,
        "summary": queries.completeness_summary(rows),
    })


@require_GET
def submitted_return(request, ref):
    monitoring_return, version = access.get_submitted_return_for_programme(request, ref)
    settings = queries.settings_of(monitoring_return.service.programme)
    rule = report.rule_of(settings)
    sections = report.build(version.figures["total"], rule, programme=monitoring_return.service.programme)
    audit.record_view(actor=request.user, subject=monitoring_return, request=request, what="controlled_viewed")
    fmt = request.GET.get("format")
    period = periods.period_starting(monitoring_return.period_start,
                                     monitoring_return.service.programme.year_start_month)
    name = f"{slugify(monitoring_return.service.name)}-{period.key}-v{version.number}"
    if fmt in ("csv", "xlsx"):
        return _export_return(monitoring_return, version, period, sections, rule, fmt, name)
    return render(request, "monitoring/submitted_return.html", {
        "monitoring_return": monitoring_return, "version": version, "sections": sections, "period": period,
        "reopened": monitoring_return.status == ReturnStatus.DRAFT, "rule": rule,
    })


def _export_return(monitoring_return, version, period, sections, rule, fmt, name):
    about = [
        ["Field", "Value"],
        ["Service", monitoring_return.service.name],
        ["Quarter", period.label],
        ["From", period.start.isoformat()],
        ["To", period.end.isoformat()],
        ["Version", version.number],
        ["Submitted", version.submitted_at.date().isoformat()],
        ["On time", "Yes" if version.on_time else "No"],
        *[[label, version.narrative.get(key, "")] for key, label in NARRATIVE_LABELS],
        ["Disclosure control", f"Counts 1–{rule.suppress_max} shown as c; others rounded to {rule.round_to}"],
    ]
    if fmt == "csv":
        return exports.csv_response(report.flat_rows(sections), name)
    programme = monitoring_return.service.programme
    parts = [
        (version.part_labels.get(key, "Spoke")[:31], report.flat_rows(report.build(figures, rule, programme=programme)))
        for key, figures in version.figures["parts"].items()
    ]
    return exports.xlsx_response([("About", about), ("Whole service", report.flat_rows(sections)), *parts], name)


NARRATIVE_LABELS = (
    ("achievements", "Achievements"),
    ("challenges", "Challenges"),
    ("context", "Context"),
    ("data_quality_notes", "Data-quality notes"),
)


@require_GET
def what_works(request):
    programme, settings, available, period = _programme_and_period(request)
    rule = report.rule_of(settings)
    keys = [p.key for p in available]
    first = request.GET.get("from") if request.GET.get("from") in keys else (keys[3] if len(keys) > 3 else
                                                                            (keys[-1] if keys else None))
    last = request.GET.get("to") if request.GET.get("to") in keys else (keys[0] if keys else None)
    chosen = [p for p in available if first and last and first <= p.key <= last]
    versions = queries.submitted_versions([programme.pk], [p.start for p in chosen], totals_only=True) if chosen else []
    figures = dashboard.programme_figures(versions)
    sections = [s for s in report.build(figures, rule, programme=programme) if s.id == dashboard.WHAT_WORKS_SECTION]
    audit.record(action="monitoring.programme.what_works_viewed", actor=request.user,
                 subject_kind="network.programme", subject_ref=str(programme.uuid), request=request)
    return render(request, "monitoring/what_works.html", {
        "programme": programme, "periods": available, "first": first, "last": last, "chosen": chosen,
        "sections": sections, "returns_count": len(versions), "rule": rule,
    })


# --- Snapshot surveys ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def surveys(request):
    ids = access.programme_ids(request)
    programme = queries.programmes(ids)[0]
    may_open = access.may_open_surveys(request, programme)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_open:
            raise access.deny_survey_opening(request)
        if form.is_valid():
            try:
                survey = actions.open_survey(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                _errors(exc, form)
            else:
                messages.success(request, "The snapshot survey is open. Each service's managers are asked to confirm "
                                          "their posts.")
                return redirect("monitoring:survey", ref=survey.uuid)
    return render(request, "monitoring/surveys.html", {
        "programme": programme, "surveys": queries.survey_list(ids), "form": form, "may_open": may_open,
    }, status=400 if form.errors else 200)


@require_GET
def survey(request, ref):
    found = access.get_survey_for_programme(request, ref)
    responses = queries.survey_responses(found)
    return render(request, "monitoring/survey.html", {
        "survey": found, "responses": responses, "summary": queries.survey_summary(responses),
    })


@require_http_methods(["GET", "POST"])
def survey_response(request, ref):
    """A service's posts for the survey: prefilled, changed, added to or removed, then
    confirmed. "Add another post" posts the form back with one more row (no JavaScript)."""
    response = access.get_survey_response_for_manager(request, ref)
    spokes, funders = queries.survey_choices(response)
    kwargs = {"form_kwargs": {"spokes": spokes, "funders": funders}, "prefix": "post"}
    if request.method == "POST":
        if response.confirmed_at:
            raise access.deny_confirmed(request, response)
        data = request.POST.copy()
        count = data.get("post-TOTAL_FORMS", "0") or "0"
        if "add" in data and count.isdigit():
            data["post-TOTAL_FORMS"] = str(int(count) + 1)
            formset = SurveyPostFormSet(data, **kwargs)
            return _survey_page(request, response, formset)
        # A count that is not a number is the formset's to refuse, as a form that was tampered with.
        formset = SurveyPostFormSet(data, **kwargs)
        if formset.is_valid():
            posts = [f.post() for f in formset.forms if f.cleaned_data and f not in formset.deleted_forms]
            confirm = "confirm" in data
            try:
                actions.save_survey_posts(actor=request.user, response=response, posts=posts, confirm=confirm)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, "Your posts are confirmed." if confirm else "Your posts are saved.")
                return redirect("monitoring:survey_response", ref=response.uuid)
        return _survey_page(request, response, formset, status=400)
    initial = [
        {"title": p.title, "fte": p.fte, "place": str(p.spoke.uuid) if p.spoke_id else "hub",
         "funder": str(p.funder.uuid), "filled": "filled" if p.filled else "vacant"}
        for p in response.posts.select_related("spoke", "funder")
    ]
    formset = SurveyPostFormSet(initial=initial, **kwargs)
    return _survey_page(request, response, formset)


def _survey_page(request, response, formset, status=200):
    errors = [
        (f"{formset.prefix}-{i}-{name}", f"Post {i + 1}: {error}")
        for i, form in enumerate(formset.forms) for name, errs in form.errors.items() for error in errs
    ]
    return render(request, "monitoring/survey_response.html", {
        "response": response, "formset": formset, "errors": errors,
        "posts": queries.survey_posts(response) if response.confirmed_at else None,
    }, status=status)


# --- API keys (evaluators) ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """An evaluator's keys. Access is decided first, so that nobody who may not hold a key is
    asked to re-enter their password for nothing."""
    access.programme_ids(request, roles=(Role.EVALUATOR,))
    return _api_tokens(request)


@reauthentication_required(allow_get=True)
def _api_tokens(request):
    """Making a key is sensitive (it reads the programme's returns without a second factor at
    each call): it needs a recent re-authentication to submit."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = actions.create_api_token(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(error, form)
        else:
            form = ApiTokenForm()
    return render(request, "monitoring/api_tokens.html", {
        "form": form, "tokens": queries.api_tokens_of(request.user), "new_key": new_key,
        "api_url": request.build_absolute_uri(reverse("monitoring_api:openapi-json")), "now": timezone.now(),
    }, status=400 if form.errors else 200)


@require_POST
def api_token_revoke(request, ref):
    token = access.get_own_api_token(request, ref)
    actions.revoke_api_token(actor=request.user, token=token)
    messages.success(request, f"The key “{token.name}” is revoked. It no longer works.")
    return redirect("monitoring:api_tokens")
