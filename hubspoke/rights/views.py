"""The subject access requests pages: thin, access → form → action or query → page."""

from __future__ import annotations

from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.rights import access, actions, deadlines, queries, redaction
from hubspoke.rights.forms import CloseForm, ExtendForm, PauseForm, RedactionForm, RequestForm, ResumeForm
from hubspoke.rights.models import Status

LIST_PAGE_SIZE = 50


def _posted(request):
    """The posted data, empty or not (an empty POST is a form with errors, not a fresh form)."""
    return request.POST if request.method == "POST" else None


def _status(sar, on):
    """What a manager must see at once: overdue, due soon, paused."""
    if not sar.is_open:
        return "closed", sar.get_status_display()
    if sar.due_on is None:
        return "paused", "Paused"
    left = (sar.due_on - on).days
    if left < 0:
        return "overdue", f"Overdue by {-left} day{'s' if left != -1 else ''}"
    if left == 0:
        return "today", "Due today"
    if left <= deadlines.DUE_SOON_DAYS:
        return "soon", f"Due in {left} day{'s' if left != 1 else ''}"
    return "open", f"Due in {left} days"


@require_GET
def requests(request):
    access.require_manager(request)
    service_ids = scoping.scope_for(request.user).managed_service_ids
    page = Paginator(queries.requests_for(service_ids), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = [(sar, *_status(sar, on)) for sar in page]
    return render(request, "rights/requests.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def new_request(request, ref):
    person = access.get_person_for(request, ref)
    form = RequestForm(_posted(request), initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            sar = actions.record_request(actor=request.user, young_person=person, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Subject access request recorded.")
            return redirect("rights:request", ref=sar.uuid)
    return render(request, "rights/request_new.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def request_detail(request, ref):
    sar = access.get_request_for(request, ref)
    state, label = _status(sar, today())
    pauses = queries.pauses_of(sar)
    bundles = queries.bundles_of(sar)
    return render(request, "rights/request.html", {
        "sar": sar, "person": sar.young_person, "state": state, "state_label": label, "pauses": pauses,
        "bundles": bundles, "waiting": next((b for b in bundles if b.downloaded_at is None), None),
        "redaction_count": len(queries.redactions_of(sar)), "Status": Status,
        "may_extend": not sar.extension_months and sar.is_open and sar.status != Status.PAUSED,
        "plain_due": deadlines.first_month_ends(sar.received_on, pauses=[
            deadlines.Pause(p.started_on, p.ended_on) for p in pauses]),
    })


def _form_page(request, ref, *, form_class, template, act, done, initial=None):
    sar = access.get_request_for(request, ref)
    form = form_class(_posted(request), initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            act(sar, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("rights:request", ref=sar.uuid)
    return render(request, template, {"sar": sar, "person": sar.young_person, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def pause(request, ref):
    return _form_page(request, ref, form_class=PauseForm, template="rights/pause.html",
                      initial={"started_on": today()}, done="Paused: the clock has stopped.",
                      act=lambda sar, data: actions.pause_request(actor=request.user, sar=sar, request=request,
                                                                  **data))


@require_http_methods(["GET", "POST"])
def resume(request, ref):
    return _form_page(request, ref, form_class=ResumeForm, template="rights/resume.html",
                      initial={"ended_on": today()}, done="The clock is running again.",
                      act=lambda sar, data: actions.resume_request(actor=request.user, sar=sar, request=request,
                                                                   **data))


@require_http_methods(["GET", "POST"])
def extend(request, ref):
    return _form_page(request, ref, form_class=ExtendForm, template="rights/extend.html",
                      initial={"told_on": today()}, done="Extended: the new deadline is shown below.",
                      act=lambda sar, data: actions.extend_request(actor=request.user, sar=sar, request=request,
                                                                   **data))


@require_http_methods(["GET", "POST"])
def close(request, ref):
    return _form_page(request, ref, form_class=CloseForm, template="rights/close.html", done="Request closed.",
                      act=lambda sar, data: actions.close_request(actor=request.user, sar=sar, request=request,
                                                                  **data))


def _act(request, sar, act, done):
    """A button with no fields: done, or the reason it cannot be, on the request's page."""
    try:
        act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


@require_POST
def start_review(request, ref):
    sar = access.get_request_for(request, ref)
    started = []
    _act(request, sar, lambda: started.append(actions.start_review(actor=request.user, sar=sar, request=request)),
         "Everything held has been gathered and frozen for review.")
    return redirect("rights:review" if started else "rights:request", ref=sar.uuid)


def _review_entries(sar):
    """Every entry of the frozen material with its part, in order."""
    return [(part, entry) for part in (sar.snapshot or []) for entry in part["entries"]]


@require_GET
def review(request, ref):
    sar = access.get_request_for(request, ref)
    if sar.snapshot is None:
        messages.error(request, "Start the review first: it gathers everything held and freezes it.")
        return redirect("rights:request", ref=sar.uuid)
    marks = queries.redactions_of(sar)
    page = Paginator(_review_entries(sar), queries.REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    by_field: dict[tuple, list] = {}
    for mark in marks:
        by_field.setdefault((mark.entry_kind, mark.entry_ref, mark.field_key), []).append(mark)
    shown_entries = []
    for part, entry in page:
        fields = []
        for field in entry["fields"]:
            found = by_field.get((entry["kind"], entry["ref"], field["key"]), [])
            as_marked = [redaction.Mark(m.entry_kind, m.entry_ref, m.field_key, m.passage, m.exemption) for m in found]
            fields.append({**field, "marks": found, "redacted": redaction.redact_text(field["text"], as_marked)
                           if found else None})
        shown_entries.append({"part": part, "entry": entry, "fields": fields})
    markers = {m.marked_by_id for m in marks}
    return render(request, "rights/review.html", {
        "sar": sar, "person": sar.young_person, "page": page, "entries": shown_entries, "marks": marks,
        "editable": sar.status == Status.IN_REVIEW,
        "may_sign_off": sar.status == Status.IN_REVIEW and request.user.pk not in markers | {sar.frozen_by_id},
        "summary": redaction.summary(marks),
    })


@require_http_methods(["GET", "POST"])
def redact(request, ref):
    sar = access.get_request_for(request, ref)
    kind, entry_ref, key = (request.GET.get(name, "") for name in ("kind", "entry", "field"))
    field = redaction.find_field(sar.snapshot or [], kind, entry_ref, key)
    if field is None:
        from hubspoke.audit.guard import deny_not_found

        raise deny_not_found(request=request, kind="rights.redaction", ref=f"{kind}:{entry_ref}:{key}"[:64])
    form = RedactionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.mark_redaction(actor=request.user, sar=sar, entry_kind=kind, entry_ref=entry_ref, field_key=key,
                                   request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Redaction marked: {field['label']}.")
            return redirect(f"{_review_url(sar)}?page={request.GET.get('page') or 1}")
    return render(request, "rights/redact.html", {"sar": sar, "person": sar.young_person, "form": form,
                                                  "field": field, "back_page": request.GET.get("page") or 1},
                  status=400 if form.errors else 200)


def _review_url(sar):
    from django.urls import reverse

    return reverse("rights:review", kwargs={"ref": sar.uuid})


@require_POST
def unredact(request, ref, mark):
    found = access.get_redaction_for(request, ref, mark)
    _act(request, found.request, lambda: actions.remove_redaction(actor=request.user, mark=found, request=request),
         "Redaction removed.")
    return redirect("rights:review", ref=found.request.uuid)


@require_POST
def sign_off(request, ref):
    sar = access.get_request_for(request, ref)
    _act(request, sar, lambda: actions.sign_off(actor=request.user, sar=sar, request=request),
         "Signed off. The bundle is being made: it will be ready to download here shortly.")
    return redirect("rights:request", ref=sar.uuid)


@require_POST
def make_bundle(request, ref):
    sar = access.get_request_for(request, ref)
    _act(request, sar, lambda: actions.make_bundle_again(actor=request.user, sar=sar, request=request),
         "A new bundle is being made.")
    return redirect("rights:request", ref=sar.uuid)


@require_POST
def download(request, ref, bundle):
    """Once, by a manager who has just entered their password again (allauth keeps this POST
    and resumes it afterwards)."""
    found = access.get_bundle_for(request, ref, bundle)
    if is_reauthentication_required(request, app=""):
        raise ReauthenticationRequired()
    try:
        content = actions.download_bundle(actor=request.user, bundle=found, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("rights:request", ref=found.request.uuid)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{found.request.received_on}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def programme(request):
    programme_ids = access.programme_ids_for(request)
    return render(request, "rights/programme.html", {"quarters": queries.programme_timeliness(programme_ids)})

