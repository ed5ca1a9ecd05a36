"""Reading the forum: its categories, a category's threads, a thread's posts, search, a post's
earlier versions, attachments; watching; the person's email preference."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hubspoke.audit.guard import deny_not_found
from hubspoke.exchange import access, actions, forms, markup, queries, rules
from hubspoke.exchange.models import Thread


@require_GET
def index(request):
    held = access.require_member(request)
    categories = queries.categories_for(held)
    activity = queries.category_activity(categories, lead=rules.is_lead(held))
    watched = queries.watched_category_ids(request.user)
    rows = [{"category": c, "threads": activity.get(c.pk, {}).get("threads", 0),
             "last": activity.get(c.pk, {}).get("last"), "watched": c.pk in watched,
             "audience": rules.audience_in_words(c), "may_post": rules.may_post(held, c)} for c in categories]
    return render(request, "exchange/index.html", {
        "rows": rows, "lead": rules.is_lead(held), "search": forms.SearchForm(),
        "handle": queries.handle_of(request.user)})


@require_GET
def category(request, ref):
    category = access.get_category(request, ref)
    held = access.memberships(request)
    lead = rules.may_moderate(held, category)
    page = Paginator(queries.threads_of(category, lead=lead), queries.THREADS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "exchange/category.html", {
        "category": category, "page": page, "lead": lead, "may_post": rules.may_post(held, category),
        "watched": queries.watching(request.user, category=category),
        "audience": rules.audience_in_words(category)})


def thread_context(request, thread: Thread, *, page_number=None, reply_form=None) -> dict:
    held = access.memberships(request)
    lead = rules.may_moderate(held, thread.category)
    page = Paginator(queries.posts_of(thread), queries.POSTS_PER_PAGE).get_page(page_number)
    posts = list(page.object_list)
    may_reply = access.may_reply(request, thread)
    roles = queries.roles_of_authors(posts)
    for p in posts:
        p.role = roles.get(p.author_id, "")
    return {
        "thread": thread, "category": thread.category, "page": page, "posts": posts, "lead": lead,
        "may_reply": may_reply,
        "may_post": rules.may_post(held, thread.category),
        "reply_form": reply_form if reply_form is not None else (forms.ReplyForm() if may_reply else None),
        "watched": queries.watching(request.user, thread=thread),
        "categories": [c for c in queries.categories_for(held) if c.pk != thread.category_id] if lead else [],
        "first_post_id": posts[0].pk if posts and page.number == 1 else None,
    }


@require_GET
def thread(request, ref):
    thread = access.get_thread(request, ref)
    return render(request, "exchange/thread.html", thread_context(request, thread, page_number=request.GET.get("page")))


@require_GET
def post(request, ref):
    """A post's own address (from a notification, a search result, the digest): its place in its
    thread."""
    post = access.get_post(request, ref)
    page = queries.position_of(post)
    url = reverse("exchange:thread", kwargs={"ref": post.thread.uuid})
    return redirect(f"{url}{'?page=' + str(page) if page > 1 else ''}#post-{post.uuid}")


@require_GET
def history(request, ref):
    post = access.get_post(request, ref)
    if post.is_hidden and not access.is_lead_of(request, post.thread.category):
        raise deny_not_found(request=request, kind="exchange.post", ref=ref)
    versions = [{"number": r.number, "title": r.title, "written_at": r.written_at, "html": markup.render(r.body)}
                for r in queries.revisions_of(post)]
    return render(request, "exchange/history.html", {"post": post, "thread": post.thread, "versions": versions})


@require_GET
def attachment(request, ref):
    found = access.get_attachment(request, ref)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.file_name,
                            content_type=found.file_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


SEARCH_TERMS = 6


@require_GET
def search(request):
    held = access.require_member(request)
    form = forms.SearchForm(request.GET or None)
    terms, page = [], None
    if form.is_valid():
        terms = [t for t in form.cleaned_data["q"].split() if len(t) >= 2][:SEARCH_TERMS]
    if terms:
        results = queries.search(queries.categories_for(held), terms, lead=rules.is_lead(held))
        page = Paginator(results, queries.RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for found in page.object_list:
            found.snippet = markup.plain(found.body, limit=240)
    elif form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        form.add_error("q", "Enter a word of two letters or more")
    return render(request, "exchange/search.html", {"form": form, "page": page, "terms": terms,
                                                    "extra": "&q=" + " ".join(terms)},
                  status=400 if form.errors else 200)


@require_POST
def watch(request, kind, ref):
    """Watch (``on=1``) or stop watching (``on=0``) a category or a thread; back to its page."""
    if kind == "category":
        found = access.get_category(request, ref)
        target = {"category": found}
        back = reverse("exchange:category", kwargs={"ref": found.uuid})
    elif kind == "thread":
        found = access.get_thread(request, ref)
        target = {"thread": found}
        back = reverse("exchange:thread", kwargs={"ref": found.uuid})
    else:
        raise deny_not_found(request=request, kind="exchange.watch", ref=ref)
    on = request.POST.get("on")
    if on not in ("0", "1"):
        messages.error(request, "Choose whether to watch it or stop watching it.")
        return redirect(back)
    actions.set_watch(actor=request.user, on=on == "1", **target)
    messages.success(request, "You are watching it: new posts will be in your notifications." if on == "1"
                     else "You have stopped watching it.")
    return redirect(back)


def settings(request):
    access.require_member(request)
    preference = queries.preference_of(request.user)
    if request.method == "POST":
        form = forms.PreferenceForm(request.POST)
        if form.is_valid():
            actions.set_daily_digest(actor=request.user, on=form.cleaned_data["daily_digest"], request=request)
            messages.success(request, "Your choice is saved.")
            return redirect("exchange:settings")
    else:
        form = forms.PreferenceForm(initial={"daily_digest": preference.daily_digest})
    return render(request, "exchange/settings.html", {
        "form": form, "handle": queries.handle_of(request.user), "preference": preference,
        "digest_at": dt.time(7, 0)})
