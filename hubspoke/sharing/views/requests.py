"""Requests for information: a partner asks a service, the service's managers answer with a
disclosure or a decision not to share (first linking the request to one of their records
where the partner described someone). Partners see their agency's requests and the answers
given to them; managers see their services' requests, the open ones first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.audit import actions as audit
from hubspoke.lib.dates import format_date
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.referrals import access as referral_access
from hubspoke.referrals import queries as referral_queries
from hubspoke.sharing import access, actions, queries
from hubspoke.sharing.categories import labels
from hubspoke.sharing.forms.disclosures import asks_others_check
from hubspoke.sharing.forms.requests import DeclineForm, LinkSearchForm, RequestForm
from hubspoke.sharing.models import RequestStatus

PAGE_SIZE = 50


def _subject_of_new_request(request):
    """Who a new request is about, from the address: (young person the partner can see, or
    None; the words describing them otherwise; the service it must go to, or None). A young
    person the partner cannot see is the same 404 as one that does not exist; a referral of
    theirs whose young person they cannot see is described by what they sent, so the page
    never tells them whether the service linked it to a record."""
    person_ref, referral_ref = request.GET.get("person"), request.GET.get("referral")
    if person_ref:
        return access.get_shared_person_for_partner(request, person_ref), {}, None
    if referral_ref:
        referral = referral_access.get_sent_referral_for(request, referral_ref)
        if referral.young_person_id and queries.partner_sees_person(request.user, referral.young_person_id):
            return access.get_shared_person_for_partner(request, referral.young_person.uuid), {}, None
        born = (format_date(referral.subject_date_of_birth) if referral.subject_date_of_birth
                else f"about {referral.subject_estimated_age}" if referral.subject_estimated_age else "")
        initial = {"about_name": f"{referral.subject_first_name} {referral.subject_last_name}".strip(),
                   "about_born": born, "service": str(referral.service.uuid)}
        return None, initial, referral
    return None, {}, None


@require_http_methods(["GET", "POST"])
def request_new(request):
    access.require_partner(request)
    person, initial, referral = _subject_of_new_request(request)
    services = list(queries.services_for_requests(request.user))
    if referral is not None and referral.service not in services:
        services.append(referral.service)
    form = RequestForm(request.POST if request.method == "POST" else None, services=services, person=person,
                       initial=initial)
    name = ""
    if person is not None:
        name = queries.disclosures_to_partner(request.user, person)[0].disclosed_name
    if request.method == "POST" and form.is_valid():
        agency = _agency_of(request.user)
        if person is not None:
            service, about = person.service, f"{name} (shared with you by {person.service.name})"
        else:
            service, about = form.cleaned_data["service"], form.about()
            if referral is not None:
                about += f"\nOur referral: {referral.reference}"
        try:
            asked = actions.request_information(actor=request.user, agency=agency, service=service,
                                                young_person=person, fields=form.fields_for_action(about=about),
                                                request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Your request has been sent to {service.name}. Its managers will answer it "
                                      "here, and you will be told when they have.")
            return redirect("sharing:request", ref=asked.uuid)
    return render(request, "sharing/request_new.html", {
        "form": form, "person": person, "name": name, "referral": referral,
    }, status=400 if form.errors else 200)


def _agency_of(user):
    """The partner's agency (the first, for someone who is a partner of two)."""
    return next(m.agency for m in scoping.scope_for(user).memberships if m.agency_id)


@require_GET
def request_list(request):
    scope = scoping.scope_for(request.user)
    if scope.managed_service_ids:
        rows, managing = queries.requests_of_services(scope.managed_service_ids), True
    else:
        access.require_partner(request)  # anyone else: the ordinary 404, audited
        rows, managing = queries.requests_of_agency(request.user), False
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/requests.html", {"page": page, "managing": managing})


@require_GET
def request_detail(request, ref):
    asked = access.get_request_for(request, ref)
    managing = scoping.can_manage_service(request.user, asked.service_id)
    return _render_request(request, asked, managing=managing)


def _render_request(request, asked, *, managing: bool, extra: dict | None = None, status: int = 200):
    agency_ids = None if managing else scoping.scope_for(request.user).agency_ids
    disclosures, decision = queries.answers_of(asked, agency_ids=agency_ids)
    return render(request, "sharing/request.html", {
        "asked": asked, "managing": managing, "category_labels": labels(asked.categories),
        "disclosures": disclosures, "decision": decision, "is_open": asked.status == RequestStatus.OPEN,
        **(extra or {}),
    }, status=status)


@require_http_methods(["GET", "POST"])
def request_link(request, ref):
    """A manager finds, among the service's records, the young person an unlinked request
    describes (the search is posted, so no name sits in an address), and links it."""
    asked = access.get_request_for(request, ref, to="answer")
    if asked.status != RequestStatus.OPEN or asked.young_person_id:
        messages.error(request, "This request is already linked to a record or answered.")
        return redirect("sharing:request", ref=asked.uuid)
    form, people, problem = LinkSearchForm(), None, ""
    if request.method == "POST" and request.POST.get("young_person"):
        try:
            person = referral_access.get_young_person_for(request, request.POST["young_person"])
        except Http404:  # out of the manager's scope (the getter audited the denial): as if not chosen
            person = None
        if person is not None:
            try:
                actions.link_request(actor=request.user, information_request=asked, young_person=person,
                                     request=request)
            except ValidationError as error:
                problem = "; ".join(error.messages)
            else:
                messages.success(request, f"The request is linked to {person}'s record. Answer it from there.")
                return redirect("sharing:request", ref=asked.uuid)
        else:
            problem = "Select a young person of this service"
    elif request.method == "POST":
        form = LinkSearchForm(request.POST)
        if form.is_valid():
            found, _ = referral_queries.search(request.user, name=form.cleaned_data["name"].strip(),
                                               date_of_birth=form.cleaned_data["date_of_birth"])
            people = [p for p in found if p.service_id == asked.service_id]
            audit.record(action="referrals.youngperson.searched", actor=request.user,
                         subject_kind="referrals.youngperson", request=request, detail={
                             "by": [k for k in ("name", "date_of_birth") if form.cleaned_data[k]],
                             "found": len(people), "for_request": str(asked.uuid)})
    return render(request, "sharing/request_link.html", {
        "asked": asked, "form": form, "people": people, "problem": problem,
    }, status=400 if (form.errors or problem) else 200)


@require_http_methods(["GET", "POST"])
def request_decline(request, ref):
    """A decision not to share, answering a request not linked to a record. A linked request
    is answered from the young person's record, where the decision is recorded on it."""
    asked = access.get_request_for(request, ref, to="answer")
    if asked.status != RequestStatus.OPEN:
        messages.error(request, "This request has already been answered.")
        return redirect("sharing:request", ref=asked.uuid)
    if asked.young_person_id:
        messages.error(request, "This request is linked to a young person's record: record the decision not to "
                                "share from their record.")
        return redirect("sharing:request", ref=asked.uuid)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_decision_not_to_share(
                actor=request.user, service=asked.service, what_was_asked=asked.what_is_needed,
                reason=form.cleaned_data["reason"], categories=asked.categories, information_request=asked,
                told_to_agency=form.cleaned_data["told_to_agency"], request=request,
                others_checked=form.cleaned_data["others_checked"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Your decision has been recorded and {asked.agency.name} has been told.")
            return redirect("sharing:request", ref=asked.uuid)
    return render(request, "sharing/request_decline.html", {
        "asked": asked, "form": form, "category_labels": labels(asked.categories),
        "asks_others_check": asks_others_check(form),
    }, status=400 if form.errors else 200)
