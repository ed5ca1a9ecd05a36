"""Training participants' anonymous feedback, by the short link the trainer shares. No account:
the link's random token is all it takes. Nothing about who answered is kept; the browser's
session remembers only which sessions it has answered, so that one browser answers once."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.engagement import actions, forms, queries
from hubspoke.lib.forms import add_errors

ANSWERED = "engagement_feedback_answered"


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback(request, token):
    session = queries.session_for_feedback(token)
    if session is None:
        return render(request, "engagement/feedback/closed.html", status=404)
    answered = request.session.get(ANSWERED, [])
    if str(session.uuid) in answered:
        return render(request, "engagement/feedback/thanks.html", {"session": session})
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.give_feedback(session=session, confidence_before=d["confidence_before"],
                                  confidence_after=d["confidence_after"], will_do=d["will_do"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session[ANSWERED] = [*answered, str(session.uuid)][-50:]
            return redirect("training_feedback", token=token)
    return render(request, "engagement/feedback/form.html", {"session": session, "form": form},
                  status=400 if form.errors else 200)
