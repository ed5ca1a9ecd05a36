"""A young person's feedback by the single-use link they were sent. No account: the token is
all it takes, and the page names nothing (no service, no product, no person). A link that does
not work, for whatever reason, shows the same page as a link that never existed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hubspoke.lib.forms import add_errors
from hubspoke.participation import actions, queries
from hubspoke.participation.forms import FeedbackForm


def _private(response):
    # same-origin, not no-referrer: the token never reaches another site (the quick-exit page
    # included), and the browser still sends this page's own Origin with the form, which the CSRF
    # check needs (under no-referrer a browser sends "Origin: null", and the answers would be refused).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gone(request):
    return _private(render(request, "participation/public/gone.html", status=404))


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token):
    if queries.link_for_token(token) is None:
        return _gone(request)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        declined = "declined" in request.POST
        if declined or form.is_valid():
            try:
                actions.answer_by_link(token=token, answers={} if declined else form.answers(),
                                       anything_else="" if declined else form.cleaned_data["anything_else"],
                                       declined=declined, request=request)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return _gone(request)
                add_errors(form, error)
            else:
                return _private(render(request, "participation/public/thanks.html", {"declined": declined}))
    return _private(render(request, "participation/public/answer.html", {"form": form},
                           status=400 if form.errors else 200))
