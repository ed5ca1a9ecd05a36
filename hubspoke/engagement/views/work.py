"""The work's pages: what was done this quarter, each kind's list with its filters, one record,
and recording or changing one (one short form a kind). Thin: access → form → action or query →
render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.audit.guard import deny_not_found
from hubspoke.engagement import access, actions, forms, queries
from hubspoke.engagement.kinds import KINDS
from hubspoke.engagement.models import AGE_BANDS, AUDIENCES, GENDERS
from hubspoke.engagement.views import challenges
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.lib.links import absolute_url

PAGE_SIZE = 50


def _quarter(on):
    """The calendar quarter ``on`` falls in (the return's own quarters follow the programme's
    year; for the person's own view, calendar quarters read plainly)."""
    first_month = 3 * ((on.month - 1) // 3) + 1
    start = on.replace(month=first_month, day=1)
    end_month = first_month + 2
    next_start = start.replace(year=start.year + 1, month=1) if end_month == 12 else start.replace(month=end_month + 1)
    return start, next_start - dt.timedelta(days=1)


@require_GET
def index(request):
    scope = access.require_staff(request)
    start, end = _quarter(today())
    managing = bool(scope.managed_service_ids)
    counts = queries.counts(request.user, start=start, end=end)
    mine = queries.counts(request.user, start=start, end=end, mine=True)
    rows = [{"kind": kind, "count": counts[name], "mine": mine[name]} for name, kind in KINDS.items()]
    challenges = list(queries.open_challenges(request.user)[:20])
    return render(request, "engagement/index.html", {
        "rows": rows, "start": start, "end": end, "managing": managing, "challenges": challenges,
        "today": today(),
    })


def _kind(request, name):
    kind = KINDS.get(name)
    if kind is None:
        raise deny_not_found(request=request, kind="engagement.work", ref=name)
    return kind


@require_GET
def listing(request, kind):
    access.require_staff(request)
    kind = _kind(request, kind)
    places = access.places_of(request.user)
    filters = forms.FilterForm(request.GET or None, places=places, kind_name=kind.name)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    found = queries.listing(request.user, kind, place=chosen.get("place", ""), mine=chosen.get("whose") == "mine",
                            start=chosen.get("start"), end=chosen.get("end"), outcome=chosen.get("outcome", ""))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, f"engagement/{kind.name}/list.html", {
        "kind": kind, "page": page, "filters": filters, "extra": f"&{query.urlencode()}" if query else "",
        "today": today(),
    }, status=400 if filters.errors else 200)


@require_GET
def detail(request, kind, ref):
    record = access.get_record_for(request, kind, ref)
    kind = KINDS[kind]
    context = {"kind": kind, "record": record, "may_change": access.may_change(request.user, record),
               "person": queries.young_person_of(record)}
    if kind.name == "training":
        context["summary"] = queries.feedback_summary(record)
        context["feedback_url"] = absolute_url(f"/f/{record.feedback_token}/", request=request)
        context["link_open"] = record.feedback_until >= today()
        context["audience"] = record.audience()
    elif kind.name == "prevention":
        context["ages"] = [(label, getattr(record, name)) for name, label in AGE_BANDS]
        context["genders"] = [(label, getattr(record, name)) for name, label in GENDERS]
    elif kind.name == "challenges":
        context["steps"] = queries.steps_of(record)
        if context["may_change"] and record.is_open:
            challenges.with_response_forms(context["steps"])
            context["escalate"] = forms.EscalateForm(current=record.stage)
            context["end"] = forms.EndForm()
    return render(request, f"engagement/{kind.name}/detail.html", context)


# --- Recording -----------------------------------------------------------------------------


def _form_and_save(kind_name: str):
    """The form class, what it needs from the person, and how its answers are saved."""
    if kind_name == "consultations":
        def extra(request, record):
            referrals = list(queries.referrals_for(request.user).filter(
                received_at__date__gte=today() - dt.timedelta(days=120))[:100])
            if record is not None and record.referral is not None and record.referral not in referrals:
                referrals.insert(0, record.referral)
            return {"referrals": referrals}

        def save(form, request, record):
            d = form.cleaned_data
            return actions.record_consultation(
                actor=request.user, place=form.place_key(), held_on=d["held_on"], agency_type=d["agency_type"],
                professional_role=d["professional_role"], method=d["method"], concern=d["concern"],
                advice=d["advice"], outcome=d["outcome"], signposted_to=d["signposted_to"],
                referral=form.chosen_referral(), instance=record, request=request)
        return forms.ConsultationForm, extra, save
    if kind_name == "training":
        def save(form, request, record):
            d = form.cleaned_data
            return actions.record_training(
                actor=request.user, place=form.place_key(), held_on=d["held_on"], topic=d["topic"],
                minutes=d["minutes"], attended=d["attended"], audience=form.audience(), co_trainers=d["co_trainers"],
                materials=d["materials"], materials_url=d["materials_url"], feedback_until=d.get("feedback_until"),
                instance=record, request=request)
        return forms.TrainingForm, None, save
    if kind_name == "prevention":
        def save(form, request, record):
            d = form.cleaned_data
            return actions.record_prevention(
                actor=request.user, place=form.place_key(), held_on=d["held_on"], setting=d["setting"],
                setting_name=d["setting_name"], format=d["format"], topics=d["topics"], minutes=d["minutes"],
                reached=d["reached"], ages=form.ages(), genders=form.genders(),
                follow_up_referrals=d["follow_up_referrals"], notes=d["notes"], instance=record, request=request)
        return forms.PreventionForm, None, save
    if kind_name == "meetings":
        def save(form, request, record):
            d = form.cleaned_data
            return actions.record_meeting(
                actor=request.user, place=form.place_key(), held_on=d["held_on"], kind=d["kind"], title=d["title"],
                role=d["role"], contribution=d["contribution"], outputs=d["outputs"], output_note=d["output_note"],
                instance=record, request=request)
        return forms.MeetingForm, None, save

    def extra(request, record):
        cases = list(queries.open_cases_for(request.user)[:500])
        if record is not None and record.case is not None and record.case not in cases:
            cases.insert(0, record.case)
        return {"cases": cases}

    def save(form, request, record):
        d = form.cleaned_data
        return actions.record_challenge(
            actor=request.user, place=form.place_key(), held_on=d["held_on"], direction=d["direction"],
            about=d["about"], agency_type=d["agency_type"], issue=d["issue"], raised_with=d.get("raised_with", ""),
            stage=d.get("stage"), case=form.chosen_case(), instance=record, request=request)
    return forms.ChallengeForm, extra, save


def _initial(kind_name: str, record) -> dict:
    if record is None:
        return {}
    fields = {
        "consultations": ("held_on", "agency_type", "professional_role", "method", "concern", "advice", "outcome",
                          "signposted_to"),
        "training": ("held_on", "topic", "minutes", "attended", "co_trainers", "materials", "materials_url",
                     "feedback_until", *(n for n, _ in AUDIENCES)),
        "prevention": ("held_on", "setting", "setting_name", "format", "topics", "minutes", "reached",
                       "follow_up_referrals", "notes", *(n for n, _ in AGE_BANDS), *(n for n, _ in GENDERS)),
        "meetings": ("held_on", "kind", "title", "role", "contribution", "outputs", "output_note"),
        "challenges": ("held_on", "direction", "about", "agency_type", "issue"),
    }[kind_name]
    initial = {name: getattr(record, name) for name in fields}
    if kind_name == "consultations" and record.referral_id:
        initial["referral"] = str(record.referral.uuid)
    if kind_name == "challenges" and record.case_id:
        initial["case"] = str(record.case.uuid)
    return initial


@require_http_methods(["GET", "POST"])
def record(request, kind, ref=None):
    access.require_staff(request)
    kind = _kind(request, kind)
    existing = access.get_record_for(request, kind.name, ref, to="change") if ref else None
    form_class, extra, save = _form_and_save(kind.name)
    initial = _initial(kind.name, existing)
    if existing is None and kind.name == "challenges" and request.GET.get("case"):
        initial["case"] = request.GET["case"]
    places = access.places_of(request.user)
    form = form_class(request.POST if request.method == "POST" else None, places=places, instance=existing,
                      initial=initial, **(extra(request, existing) if extra else {}))
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form, request, existing)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{kind.one[:1].upper()}{kind.one[1:]} {'saved' if existing else 'recorded'}.")
            return redirect("engagement:detail", kind=kind.name, ref=saved.uuid)
    return render(request, f"engagement/{kind.name}/form.html", {
        "kind": kind, "form": form, "record": existing,
    }, status=400 if form.errors else 200)
