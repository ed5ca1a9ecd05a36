"""The knowledge-exchange lead's work: reported posts, posts published past a warning, hiding
and removing posts, pinning, locking, hiding and moving threads, and the forum's categories."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hubspoke.audit.guard import deny_not_found
from hubspoke.exchange import access, actions, forms, queries, rules
from hubspoke.lib.forms import add_errors

WARNED_DAYS = 30


@require_GET
def reports(request):
    held = access.require_lead(request)
    programmes = access.lead_programme_ids(held)
    return render(request, "exchange/reports.html", {
        "reports": list(queries.open_reports(programmes)),
        "warned": list(queries.warned_posts(programmes, since=timezone.now() - dt.timedelta(days=WARNED_DAYS))[:50]),
        "warned_days": WARNED_DAYS, "resolve": forms.ResolveForm()})


@require_POST
def resolve(request, ref):
    report = access.get_report(request, ref)
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_report(actor=request.user, report=report, outcome=form.cleaned_data["outcome"],
                                   request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The report is settled.")
            return redirect("exchange:reports")
    held = access.memberships(request)
    programmes = access.lead_programme_ids(held)
    return render(request, "exchange/reports.html", {
        "reports": list(queries.open_reports(programmes)), "failed": report.pk, "resolve": form,
        "warned": list(queries.warned_posts(programmes, since=timezone.now() - dt.timedelta(days=WARNED_DAYS))[:50]),
        "warned_days": WARNED_DAYS, "form": form}, status=400)


def _back_to(post):
    return redirect("exchange:post", ref=post.uuid)


def hide(request, ref):
    post = access.get_post(request, ref, to="moderate")
    form = forms.HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.hide_post(actor=request.user, post=post, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The post is hidden. Only you can read it now.")
            return _back_to(post)
    return render(request, "exchange/hide.html", {"post": post, "thread": post.thread, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
def show(request, ref):
    post = access.get_post(request, ref, to="moderate")
    try:
        actions.show_post(actor=request.user, post=post, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The post is shown again.")
    return _back_to(post)


def redact(request, ref):
    """Removing a post's words for good: asked once more on a page of its own."""
    post = access.get_post(request, ref, to="moderate")
    if request.method == "POST":
        if request.POST.get("confirm") == "remove":
            actions.redact_post(actor=request.user, post=post, request=request)
            messages.success(request, "The post's words, its earlier versions and its attachments are removed.")
            return _back_to(post)
        return render(request, "exchange/redact.html", {"post": post, "thread": post.thread, "refused": True},
                      status=400)
    return render(request, "exchange/redact.html", {"post": post, "thread": post.thread})


@require_POST
def moderate(request, ref):
    thread = access.get_thread(request, ref, to="moderate")
    form = forms.ModerateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        target = None
        if d["do"] == "move" and d["category"]:
            target = access.get_category(request, d["category"], to="manage")
        try:
            actions.moderate_thread(actor=request.user, thread=thread, do=d["do"], category=target, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, {"pin": "The thread is pinned to the top of its category.",
                                       "unpin": "The thread is no longer pinned.",
                                       "lock": "The thread is locked: nobody else can reply.",
                                       "unlock": "The thread is open for replies again.",
                                       "hide": "The thread is hidden. Only you can read it now.",
                                       "show": "The thread is shown again.",
                                       "move": f"The thread is moved to {target}."}[d["do"]])
    else:
        messages.error(request, "Select what to do with the thread.")
    return redirect("exchange:thread", ref=thread.uuid)


@require_GET
def categories(request):
    held = access.require_lead(request)
    programmes = access.lead_programme_ids(held)
    listed = queries.categories_of(programmes)
    for c in listed:
        c.audience = rules.audience_in_words(c)
    return render(request, "exchange/categories.html", {"categories": listed})


def category_form(request, ref=None):
    """A new category (no ``ref``) or a change to one."""
    held = access.require_lead(request)
    category = access.get_category(request, ref, to="manage") if ref else None
    phases = queries.phases_of(access.lead_programme_ids(held))
    initial = {"position": 0}
    if category is not None:
        initial = {"name": category.name, "description": category.description, "read_roles": category.read_roles,
                   "post_roles": category.post_roles, "phase": str(category.phase_id or ""),
                   "position": category.position, "is_archived": category.is_archived}
    form = forms.CategoryForm(request.POST if request.method == "POST" else None, initial=initial, phases=phases)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {"name": d["name"], "description": d["description"], "read_roles": d["read_roles"],
                  "post_roles": d["post_roles"], "phase": d["phase"], "position": d["position"]}
        try:
            if category is None:
                programme = queries.programme_of_lead(access.lead_programme_ids(held))
                if programme is None:
                    raise deny_not_found(request=request, kind="exchange.category", ref="new")
                actions.create_category(actor=request.user, programme=programme, request=request, **fields)
            else:
                actions.update_category(actor=request.user, category=category, is_archived=d["is_archived"],
                                        request=request, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The category is saved.")
            return redirect("exchange:categories")
    return render(request, "exchange/category_form.html", {"form": form, "category": category},
                  status=400 if request.method == "POST" else 200)
