"""The door: sharing information about a young person (a disclosure), recording a decision not
to share, one young person's sharing history, and a disclosure's own page. Every look at a
young person goes through the sharing app's access getters, which audit it."""

from __future__ import annotations

from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.audit.guard import deny_not_found
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.sharing import access, actions, queries, rules
from hubspoke.sharing.categories import Category, labels, needs_article9
from hubspoke.sharing.forms.disclosures import (
    AGREEMENTS,
    PREVIEW,
    SHARE,
    NotSharedForm,
    ShareForm,
    agreement_label,
    asks_others_check,
)
from hubspoke.sharing.models import Route


@require_GET
def disclosure(request, ref):
    found = access.get_disclosure_for(request, ref)
    staff = found.service_id in scoping.scope_for(request.user).member_service_ids
    return render(request, "sharing/disclosure.html", {
        "disclosure": found, "staff": staff, "category_labels": labels(found.categories),
    })


def _asked(request, person, ref):
    """The partner's request this page answers, if any (``?request=`` on the first look, the
    form's hidden field once posted, so that a re-authentication resumes the same address)."""
    if not ref:
        return None
    try:
        return access.get_request_to_answer_for(request, ref, person)
    except ValidationError:  # not a UUID: as missing as any other
        raise deny_not_found(request=request, kind="sharing.informationrequest", ref=str(ref)[:40]) from None


def _request_ref(request):
    ref = request.POST.get("information_request") if request.method == "POST" else request.GET.get("request")
    return (ref or "").strip() or None


def _share_initial(asked) -> dict:
    initial = {"shared_on": today()}
    if asked is not None:
        initial.update({
            "to_agency": str(asked.agency.uuid), "recipient_name": asked.requested_by.full_name,
            "categories": list(asked.categories), "information_request": asked.uuid,
            "reason": f"{asked.agency} asked on {asked.requested_at:%-d %B %Y}: {asked.reason}",
        })
    return initial


@require_http_methods(["GET", "POST"])
def share(request, ref):
    """Share information with another agency through one lawful route. The buttons that show
    the agreements for the chosen agency or a preview of the extract show the form again and
    write nothing; only "Record" goes to the action. A one-off safeguarding share needs a
    manager who has entered their password within allauth's re-authentication timeout: if it
    has passed, allauth suspends the POST, asks for the password and resumes it, with
    everything typed."""
    person = access.get_person_for(request, ref, to="record")
    asked = _asked(request, person, _request_ref(request))
    agencies = queries.agencies_to_share_with(person.service)
    agency_list = list(agencies)
    form = ShareForm(request.POST if request.method == "POST" else None, agencies=agencies,
                     agreement_versions=queries.agreement_versions_of_service(person.service_id),
                     initial=None if request.method == "POST" else _share_initial(asked))
    manager = scoping.can_manage_service(request.user, person.service_id)
    step = request.POST.get("step", SHARE) if request.method == "POST" else None
    extract = None
    if step in (PREVIEW, AGREEMENTS):
        # Showing the form again as typed, without judging it: nothing was submitted yet.
        form._errors, form.cleaned_data = ErrorDict(), {}
    if step == PREVIEW:
        categories = form.chosen_categories()
        if categories:
            access.mark_extract_shown(request, person, categories)
            extract = actions.write_extract(person, categories,
                                            include_restricted=Category.RESTRICTED in categories)
    elif step == SHARE and form.is_valid() and not _safeguarding_problems(form, manager):
        data = form.cleaned_data
        if data["route"] == Route.SAFEGUARDING and manager and is_reauthentication_required(request, app=""):
            raise ReauthenticationRequired()  # allauth keeps this POST and resumes it afterwards
        try:
            disclosure = actions.record_disclosure(
                actor=request.user, young_person=person, to_agency=data["to_agency"],
                recipient_name=data["recipient_name"], recipient_role=data["recipient_role"],
                categories=data["categories"], summary=data["summary"], with_extract=data["with_extract"],
                route=data["route"], agreement=data["agreement"], article6=data["article6"],
                article9=data["article9"], reason=data["reason"], shared_on=data["shared_on"],
                information_request=asked, request=request, others_checked=data["others_checked"],
                reauthenticated=data["route"] == Route.SAFEGUARDING
                and not is_reauthentication_required(request, app=""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Recorded: information shared with {disclosure.to_agency}.")
            return redirect("sharing:disclosure", ref=disclosure.uuid)
    agency = form.chosen_agency()
    covering = (queries.agreements_covering(service_id=person.service_id, agency_id=agency.pk)
                if agency is not None else [])
    return render(request, "sharing/share.html", {
        "person": person, "form": form, "asked": asked, "manager": manager, "extract": extract,
        "previewed": step == PREVIEW,
        "agency_groups": _agency_groups(agency_list, person.service),
        "chosen_agency": agency, "agreements": [(str(v.uuid), agreement_label(v)) for v in covering],
        "consent_sentence": rules.consent_sentence(queries.consent_records_of(person), name=str(person),
                                                   on=today()),
        "managers": [] if manager else [m.person for m in network_queries.managers_of([person.service_id])],
        "special": needs_article9(form.chosen_categories()), "asks_others_check": asks_others_check(form),
        "steps": {"share": SHARE, "preview": PREVIEW, "agreements": AGREEMENTS},
    }, status=400 if form.errors else 200)


def _safeguarding_problems(form, manager: bool) -> bool:
    """A manager's one-off decision is checked (rationale, lawful basis) before they are asked
    for their password, so that nobody re-authenticates only to be told to write more. The
    action checks it all again."""
    data = form.cleaned_data
    if data["route"] != Route.SAFEGUARDING or not manager:
        return False
    problems = rules.safeguarding_problems(reason=data["reason"], article6=data["article6"],
                                           article9=data["article9"], categories=data["categories"],
                                           decided_by_manager=True, reauthenticated=True)
    for name, message in problems.items():
        form.add_error(name, message)
    return bool(problems)


def _agency_groups(agencies, service) -> list[tuple[str, list]]:
    """The agencies as optgroups: those where the service works first, then by local authority."""
    groups: list[tuple[str, list]] = []
    for agency in agencies:
        label = (f"Where {service.name} works" if agency.near
                 else agency.local_authority.name if agency.local_authority_id else "Other agencies")
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(agency)
    return groups


@require_http_methods(["GET", "POST"])
def not_shared_new(request, ref):
    """Record a decision not to share: what was asked, by whom, why not. ``?request=`` answers
    a partner's request with it."""
    person = access.get_person_for(request, ref, to="record")
    asked = _asked(request, person, _request_ref(request))
    agencies = queries.agencies_to_share_with(person.service)
    agency_list = list(agencies)
    initial = {"decided_on": today()}
    if asked is not None:
        initial.update({"what_was_asked": asked.what_is_needed, "asked_by_agency": str(asked.agency.uuid),
                        "asked_by_name": asked.requested_by.full_name, "categories": list(asked.categories),
                        "information_request": asked.uuid})
    form = NotSharedForm(request.POST if request.method == "POST" else None, agencies=agencies,
                         initial=None if request.method == "POST" else initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_decision_not_to_share(
                actor=request.user, service=person.service, young_person=person,
                what_was_asked=data["what_was_asked"], asked_by_agency=data["asked_by_agency"],
                asked_by_name=data["asked_by_name"], categories=data["categories"], reason=data["reason"],
                decided_on=data["decided_on"], information_request=asked, request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Recorded: the decision not to share.")
            return redirect("sharing:young_person_sharing", ref=person.uuid)
    return render(request, "sharing/not_shared_new.html", {
        "person": person, "form": form, "asked": asked,
        "agency_groups": _agency_groups(agency_list, person.service),
    }, status=400 if form.errors else 200)


@require_GET
def young_person_sharing(request, ref):
    """Every disclosure and decision not to share about one young person, newest first."""
    person = access.get_person_for(request, ref)
    return render(request, "sharing/young_person_sharing.html", {
        "person": person, "history": queries.sharing_history_of(request.user, person),
        "may_share": access.may_share(request.user, person),
    })

