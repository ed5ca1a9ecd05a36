"""Missing episodes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import MissingEpisodeForm
from hubspoke.lib.forms import add_errors


@require_http_methods(["GET", "POST"])
def missing(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = MissingEpisodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_missing_episode(actor=request.user, case=case, fields=form.fields_for_action(),
                                           request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Missing episode recorded.")
            return redirect("cases:missing", ref=case.uuid)
    episodes = queries.missing_episodes_of(case)
    return render(request, "cases/missing.html", {
        "case": case, "episodes": episodes, "form": form, "may_record": access.may_record(request.user, case),
        "may_read_restricted": access.may_read_restricted(request.user, case),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def missing_episode(request, ref, episode):
    """One episode's restricted details (every look audited), and changing it (the return, the
    interview) while the case is open."""
    case, found = access.get_missing_episode_for(request, ref, episode)
    editable = access.may_record(request.user, case)
    form = MissingEpisodeForm(request.POST if request.method == "POST" else None,
                              initial=MissingEpisodeForm.initial_from(found))
    if request.method == "POST":
        if not editable:
            raise access.read_only(request, case)
        if form.is_valid():
            try:
                actions.update_missing_episode(actor=request.user, episode=found, fields=form.fields_for_action(),
                                               request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Missing episode updated.")
                return redirect("cases:missing", ref=case.uuid)
    return render(request, "cases/missing_episode.html", {"case": case, "episode": found, "form": form,
                                                          "editable": editable}, status=400 if form.errors else 200)
