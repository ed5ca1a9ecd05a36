"""A young person's story: the case's story page, the guided page, the preview, finishing a
version, a version's page, the manager's check, recording that it was given, and the
printable page and PDF (both behind step-up re-authentication, each download audited).
Thin: access → form → action or query → render."""

from __future__ import annotations

import functools
from pathlib import Path

from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.lib import pdf
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.stories import access, actions, queries, rules
from hubspoke.stories.forms import FinishForm, GiveForm, StoryForm


@functools.cache
def story_css() -> str:
    """The easy-read stylesheet, put inside the PDF's own HTML (which no browser is served, so
    the page's content-security policy has nothing to say about it)."""
    return (Path(__file__).resolve().parent / "static" / "stories" / "story.css").read_text()


def _name(person) -> str:
    return person.known_as or person.first_name


@require_GET
def story(request, ref):
    case = access.get_case_for_story(request, ref)
    found = queries.story_of(case)
    return render(request, "stories/story.html", {
        "case": case, "person": case.young_person, "name": _name(case.young_person), "story": found,
        "versions": queries.versions_of(found), "may_prepare": access.may_prepare(request.user, case),
        "needs_check": case.service.stories_need_manager_check,
    })


@require_http_methods(["GET", "POST"])
def edit(request, ref):
    case = access.get_case_for_story(request, ref, to="prepare")
    found = queries.story_of(case)
    choices = queries.choices_for(case)
    goals = queries.goals_of(case)
    outcome = queries.outcome_for(case, looked_at=False)
    form = StoryForm(request.POST if request.method == "POST" else None, choices=choices, goals=goals,
                     has_outcome=outcome is not None, draft=found.draft if found else {})
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_draft(actor=request.user, case=case, draft=form.draft(), request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.POST.get("step") == StoryForm.PREVIEW:
                return redirect("stories:preview", ref=case.uuid)
            messages.success(request, "Draft saved. Only the case's workers and managers can see it.")
            return redirect("stories:edit", ref=case.uuid)
    return render(request, "stories/edit.html", {
        "case": case, "person": case.young_person, "name": _name(case.young_person), "form": form,
        "questions": [form[key] for key in rules.QUESTION_KEYS], "outcome": outcome, "goals": goals,
    }, status=400 if form.errors else 200)


def _preview(request, case, *, form=None, status=200):
    found = queries.story_of(case)
    snapshot = queries.snapshot_for(case, found.draft if found else {}, worker_name=request.user.full_name)
    form = form or FinishForm(initial={"seen": rules.fingerprint(snapshot)})
    return render(request, "stories/preview.html", {
        "case": case, "person": case.young_person, "name": _name(case.young_person), "snapshot": snapshot,
        "empty": rules.is_empty(snapshot), "form": form, "warnings": rules.warnings_of(snapshot),
        "staff_view": True, "needs_check": case.service.stories_need_manager_check,
    }, status=status)


@require_GET
def preview(request, ref):
    case = access.get_case_for_story(request, ref, to="prepare")
    return _preview(request, case)


@require_POST
def finish(request, ref):
    case = access.get_case_for_story(request, ref, to="prepare")
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            version = actions.finish_version(actor=request.user, case=case, seen=form.cleaned_data["seen"],
                                             request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} finished. It is kept exactly as it is now.")
            return redirect("stories:version", ref=version.uuid)
    return _preview(request, case, form=form, status=400)


def _version_context(request, version, **extra):
    story = version.story
    case = story.case
    ok, missing = pdf.available()
    manager = scoping.can_manage_service(request.user, story.service_id)
    needs_check = actions.needs_check(version)
    return {
        "version": version, "story": story, "case": case, "person": story.young_person,
        "name": _name(story.young_person), "snapshot": version.snapshot, "staff_view": True,
        "warnings": rules.warnings_of(version.snapshot), "pdf_ok": ok, "pdf_missing": missing,
        "needs_check": needs_check, "service_checks": story.service.stories_need_manager_check,
        "may_check": needs_check and manager and version.finished_by_id != request.user.pk,
        "may_give": version.given_on is None and not needs_check and access.may_prepare(request.user, case),
        **extra,
    }


@require_GET
def version(request, ref):
    found = access.get_version_for(request, ref)
    return render(request, "stories/version.html", _version_context(request, found))


@require_POST
def version_check(request, ref):
    found = access.get_version_for(request, ref, to="check")
    try:
        actions.check_version(actor=request.user, version=found, request=request)
    except ValidationError as error:
        return render(request, "stories/version.html", _version_context(request, found, errors=error.messages),
                      status=400)
    name = _name(found.story.young_person)
    messages.success(request, f"Version {found.number} checked. It can now be given to {name}.")
    return redirect("stories:version", ref=found.uuid)


@require_http_methods(["GET", "POST"])
def version_give(request, ref):
    found = access.get_version_for(request, ref, to="give")
    form = GiveForm(request.POST if request.method == "POST" else None, initial={"given_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.give_version(actor=request.user, version=found, given_on=form.cleaned_data["given_on"],
                                 how=form.cleaned_data["how"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Recorded: version {found.number} given to {_name(found.story.young_person)}.")
            return redirect("stories:version", ref=found.uuid)
    return render(request, "stories/give.html", {
        "version": found, "person": found.story.young_person, "name": _name(found.story.young_person),
        "form": form, "needs_check": actions.needs_check(found),
    }, status=400 if form.errors else 200)


def _reauthenticated(request) -> None:
    """A download needs a sign-in or password entered within the last few minutes; allauth asks
    for it and comes back to this address."""
    if is_reauthentication_required(request, app=""):
        raise ReauthenticationRequired()


def _document(request, found, *, for_pdf: bool) -> str:
    return render_to_string("stories/document.html", {
        "snapshot": found.snapshot, "version": found, "for_pdf": for_pdf, "css": story_css() if for_pdf else "",
    }, request=None if for_pdf else request)


@require_GET
def version_print(request, ref):
    # Who may see it first (404 for anyone else), then the step-up, then the download's audit row.
    found = access.get_version_for(request, ref)
    _reauthenticated(request)
    access.mark_downloaded(request, found, "print")
    return HttpResponse(_document(request, found, for_pdf=False))


@require_GET
def version_pdf(request, ref):
    found = access.get_version_for(request, ref)
    _reauthenticated(request)
    ok, missing = pdf.available()
    if not ok:
        return render(request, "stories/pdf_unavailable.html", {"version": found, "missing": missing,
                                                                "person": found.story.young_person}, status=503)
    access.mark_downloaded(request, found, "pdf")
    response = HttpResponse(pdf.render(_document(request, found, for_pdf=True)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="story-{found.number}-{found.uuid.hex[:8]}.pdf"'
    return response


@require_GET
def waiting(request):
    managed = access.require_managers(request)
    rows = list(queries.waiting_for_check(managed))
    return render(request, "stories/waiting.html", {"rows": rows, "me": request.user.pk})
