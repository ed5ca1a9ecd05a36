"""Writing in the forum: a new thread, a reply (perhaps quoting a post), an edit, a report.

Each form goes to its action; when the guard warns (``guard.NeedsConfirming``), the same page
comes back with everything typed, the warning, and the box that confirms the post identifies
nobody. Files cannot be kept by a browser across pages: the page asks for them again."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from hubspoke.exchange import access, actions, forms, guard, markup, queries
from hubspoke.lib.forms import add_errors


def _attempt(form, act):
    """Run the action; (result, warnings): warnings from the guard, errors put on the form."""
    try:
        return act(form.cleaned_data), None
    except guard.NeedsConfirming as warned:
        return None, warned.warnings
    except ValidationError as error:
        add_errors(form, error)
        return None, None


def _bound(request) -> tuple:
    """The form's data and files on a POST, even an empty one (an empty POST is a form with
    errors, never a blank form again)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _status(request, form, warnings) -> int:
    return 400 if request.method == "POST" and (form.errors or warnings) else 200


def new_thread(request, ref):
    category = access.get_category(request, ref, to="post")
    form = forms.ThreadForm(*_bound(request))
    warnings = None
    if request.method == "POST" and form.is_valid():
        thread, warnings = _attempt(form, lambda d: actions.start_thread(
            actor=request.user, category=category, title=d["title"], body=d["body"], confirmed=d["confirmed"],
            files=d["attachments"], request=request))
        if thread is not None:
            messages.success(request, "Your thread is posted. You are watching it.")
            return redirect("exchange:thread", ref=thread.uuid)
    return render(request, "exchange/new_thread.html", {
        "category": category, "form": form, "warnings": warnings,
        "files_again": bool(request.FILES) and (warnings or form.errors)}, status=_status(request, form, warnings))


def reply(request, ref):
    thread = access.get_thread(request, ref, to="reply")
    initial = {}
    quoted = None
    quote_ref = request.GET.get("quote")
    if request.method == "GET" and quote_ref:
        quoted = next((p for p in queries.posts_of(thread).filter(uuid=quote_ref) if not p.is_hidden), None) \
            if _is_uuid(quote_ref) else None
        if quoted is not None:
            initial = {"body": markup.quoted(quoted.author.full_name, quoted.body), "quoting": quoted.uuid}
    form = forms.ReplyForm(*_bound(request), initial=initial)
    warnings = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        quoting = queries.posts_of(thread).filter(uuid=d["quoting"]).first() if d["quoting"] else None
        post, warnings = _attempt(form, lambda d: actions.reply(
            actor=request.user, thread=thread, body=d["body"], quoting=quoting, confirmed=d["confirmed"],
            files=d["attachments"], request=request))
        if post is not None:
            messages.success(request, "Your reply is posted.")
            return redirect(reverse("exchange:post", kwargs={"ref": post.uuid}))
    return render(request, "exchange/reply.html", {
        "thread": thread, "category": thread.category, "form": form, "warnings": warnings, "quoted": quoted,
        "files_again": bool(request.FILES) and (warnings or form.errors)}, status=_status(request, form, warnings))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def edit(request, ref):
    post = access.get_post(request, ref, to="edit")
    first = actions.is_first(post)
    initial = {"body": post.body, "title": post.thread.title}
    form = forms.EditForm(request.POST if request.method == "POST" else None, initial=initial, first=first)
    warnings = None
    if request.method == "POST" and form.is_valid():
        edited, warnings = _attempt(form, lambda d: actions.edit_post(
            actor=request.user, post=post, body=d["body"], title=d.get("title"), confirmed=d["confirmed"],
            request=request))
        if edited is not None:
            messages.success(request, "Your post is changed. Its earlier words are in its history.")
            return redirect(reverse("exchange:post", kwargs={"ref": post.uuid}))
    return render(request, "exchange/edit.html", {
        "post": post, "thread": post.thread, "form": form, "warnings": warnings, "first": first},
        status=_status(request, form, warnings))


def report(request, ref):
    post = access.get_post(request, ref, to="report")
    form = forms.ReportForm(request.POST if request.method == "POST" else None)
    warnings = None
    if request.method == "POST" and form.is_valid():
        made, warnings = _attempt(form, lambda d: actions.report_post(
            actor=request.user, post=post, reason=d["reason"], note=d["note"], confirmed=d["confirmed"],
            request=request))
        if made is not None:
            messages.success(request, "Thank you: the knowledge-exchange lead has been told and will look at it.")
            return redirect(reverse("exchange:post", kwargs={"ref": post.uuid}))
    return render(request, "exchange/report.html", {"post": post, "thread": post.thread, "form": form,
                                                    "warnings": warnings}, status=_status(request, form, warnings))
