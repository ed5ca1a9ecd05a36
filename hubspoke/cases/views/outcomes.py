"""Outcome ratings and the distance travelled."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.cases import access, actions, outcomes, queries
from hubspoke.cases.forms import OutcomeRatingForm
from hubspoke.cases.models import Rater
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors


@require_http_methods(["GET", "POST"])
def outcomes_view(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = OutcomeRatingForm(request.POST if request.method == "POST" else None,
                             initial={"rated_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.rate_outcomes(actor=request.user, case=case, request=request, **form.for_action())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Rating recorded.")
            return redirect("cases:outcomes", ref=case.uuid)
    ratings = list(queries.ratings_of(case))
    return render(request, "cases/outcomes.html", {
        "case": case, "form": form, "ratings": list(reversed(ratings)), "areas": outcomes.AREAS,
        "charts": [(label, outcomes.distance_travelled(ratings, rater)) for rater, label in Rater.choices],
        "may_record": access.may_record(request.user, case),
    }, status=400 if form.errors else 200)
