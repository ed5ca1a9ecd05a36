"""Multi-agency meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import MeetingForm
from hubspoke.lib.forms import add_errors


@require_http_methods(["GET", "POST"])
def meetings(request, ref):
    case = access.get_case_for(request, ref, to="record" if request.method == "POST" else "view")
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_meeting(actor=request.user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("cases:meetings", ref=case.uuid)
    return render(request, "cases/meetings.html", {
        "case": case, "meetings": queries.meetings_of(case),
        "form": form, "may_record": access.may_record(request.user, case),
    }, status=400 if form.errors else 200)
