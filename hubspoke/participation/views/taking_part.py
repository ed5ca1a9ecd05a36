"""A young person's taking part, on their case: the activities they took part in, their consent
to the use of their words or image (recorded, and withdrawn at once when they ask), and the
quotes and case studies tied to it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.cases import access as case_access
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.participation import access, activities, queries
from hubspoke.participation.forms import ConsentForm, QuoteForm
from hubspoke.participation.views.confirm import confirmed


@require_GET
def taking_part(request, ref):
    case = access.get_case(request, ref)
    found = queries.case_participation(case)
    on = today()
    return render(request, "participation/taking_part/case.html", {
        "case": case, **found, "on": on,
        "live": {c.pk for c in found["consents"] if c.live_on(on)},
        "may_record": case_access.may_record(request.user, case),
        "may_withdraw": access.may_withdraw(request.user, case),
    })


@require_http_methods(["GET", "POST"])
def new_consent(request, ref):
    case = access.get_case_to_record(request, ref)
    form = ConsentForm(request.POST if request.method == "POST" else None, activities=queries.activities_of_case(case),
                       initial={"given_on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activities.record_consent(actor=request.user, case=case, words="words" in d["covers"],
                                      image="image" in d["covers"], scope=d["scope"], given_on=d["given_on"],
                                      expires_on=d.get("expires_on"), activity=form.activities.get(d["activity"]),
                                      request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Their consent is recorded.")
            return redirect("participation:taking_part", ref=case.uuid)
    return render(request, "participation/taking_part/consent.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def withdraw_consent(request, ref, consent_ref):
    case = access.get_case_to_withdraw(request, ref)
    consent = access.get_consent(request, case, consent_ref)
    if request.method == "POST":
        if not confirmed(request, "withdraw"):
            return redirect("participation:taking_part", ref=case.uuid)
        try:
            activities.withdraw_consent(actor=request.user, case=case, consent=consent, request=request)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Their consent is withdrawn. Nothing it covered will be used again, and it "
                                      "is left out of every report from now on.")
        return redirect("participation:taking_part", ref=case.uuid)
    return render(request, "participation/taking_part/withdraw.html", {
        "case": case, "consent": consent, "quotes": queries.quotes_tied_to(consent)})


@require_http_methods(["GET", "POST"])
def new_quote(request, ref):
    case = access.get_case_to_record(request, ref)
    on = today()
    consents = queries.standing_word_consents(case, on=on)
    form = QuoteForm(request.POST if request.method == "POST" else None, consents=consents,
                     initial={"said_on": on, "kind": "quote",
                              **({"consent": str(consents[0].uuid)} if len(consents) == 1 else {})})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activities.add_quote(actor=request.user, case=case, consent=form.consents.get(d["consent"]),
                                 kind=d["kind"], text=d["text"], said_on=d["said_on"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Their words are kept.")
            return redirect("participation:taking_part", ref=case.uuid)
    return render(request, "participation/taking_part/quote.html", {"case": case, "form": form,
                                                                    "consents": consents},
                  status=400 if form.errors else 200)


@require_http_methods(["POST"])
def remove_quote(request, ref, quote_ref):
    case = access.get_case_to_withdraw(request, ref)
    quote = access.get_quote(request, case, quote_ref)
    if not confirmed(request, "remove"):
        return redirect("participation:taking_part", ref=case.uuid)
    activities.remove_quote(actor=request.user, case=case, quote=quote, request=request)
    messages.success(request, "The words are taken out.")
    return redirect("participation:taking_part", ref=case.uuid)
