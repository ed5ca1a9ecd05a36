from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.lib.workingdays import add_working_days
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.referrals import access, actions, casework, drafts, panels, queries
from hubspoke.referrals.forms import (
    PARTNER_STEPS,
    STEP_SLUGS,
    AcceptForm,
    AnswerForm,
    CloseForm,
    ContactForm,
    DeclineForm,
    PartnerReferralForm,
    RequestInformationForm,
    ResolveInformationForm,
    SearchForm,
    StaffReferralForm,
    YoungPersonForm,
)
from hubspoke.referrals.models import ConcernTag, Pathway, ReferralStatus

INBOX_TABS = (
    (ReferralStatus.RECEIVED, "New"),
    (ReferralStatus.AWAITING_INFORMATION, "Awaiting information"),
    (ReferralStatus.ACCEPTED, "Accepted"),
    (ReferralStatus.DECLINED, "Declined"),
    (ReferralStatus.CLOSED, "Closed"),
)
PAGE_SIZE = 50


def decision_due(referral):
    return add_working_days(referral.received_at.astimezone().date(), referral.service.decision_target_working_days)


@require_GET
def inbox(request):
    access.require_staff(request)
    status = request.GET.get("status", ReferralStatus.RECEIVED)
    if status not in dict(INBOX_TABS):
        raise Http404("Not found")
    spokes = list(
        scoping.spokes_visible_to(request.user)
        .filter(service_id__in=scoping.scope_for(request.user).member_service_ids)
        .select_related("service")
        .order_by("service__name", "name")
    )
    chosen = next((sp for sp in spokes if str(sp.uuid) == request.GET.get("spoke")), None)
    referrals = queries.inbox(request.user, status=status, spoke_id=chosen.pk if chosen else None)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = []
    for referral in page:
        due = (
            decision_due(referral) if status in (ReferralStatus.RECEIVED, ReferralStatus.AWAITING_INFORMATION) else None
        )
        rows.append({"referral": referral, "due": due, "overdue": bool(due and due < on), "due_today": due == on})
    return render(
        request,
        "referrals/inbox.html",
        {
            "tabs": INBOX_TABS,
            "status": status,
            "page": page,
            "rows": rows,
            "counts": queries.inbox_counts(request.user),
            "spokes": spokes,
            "chosen_spoke": chosen,
            "pagination_extra": f"&status={status}" + (f"&spoke={chosen.uuid}" if chosen else ""),
        },
    )


@require_http_methods(["GET", "POST"])
def search(request):
    """Find a young person (or a referral not yet linked to one) by name, alias or date of
    birth, within the person's scope. Each search is audited by what it looked for and how
    much it found, never by the words typed. The search is posted, so that a young person's
    name and date of birth are never in an address, a browser's history or a server's log."""
    access.require_staff(request)
    form = SearchForm(request.POST if request.method == "POST" else None)
    people = referrals = None
    if form.is_bound and form.is_valid():
        people, referrals = queries.search(request.user, name=form.cleaned_data["name"].strip(),
                                           date_of_birth=form.cleaned_data["date_of_birth"])
        audit.record(action="referrals.youngperson.searched", actor=request.user, subject_kind="referrals.youngperson",
                     request=request, detail={
                         "by": [k for k in ("name", "date_of_birth") if form.cleaned_data[k]],
                         "found": len(people) + len(referrals)})
    return render(request, "referrals/search.html", {
        "form": form, "people": people, "referrals": referrals, "limit": queries.SEARCH_LIMIT,
        "partner_status": queries.PARTNER_STATUS,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def new_referral(request):
    access.require_staff(request)
    services = queries.services_staff_may_record_for(request.user)
    form = StaffReferralForm(request.POST if request.method == "POST" else None, services=services)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.record_referral(
                actor=request.user,
                service=form.cleaned_data["service"],
                request=request,
                submission_token=form.cleaned_data["submission_token"],
                details=form.details(),
                referring_agency=form.cleaned_data["referring_agency"],
                received_at=form.received_at(),
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            return redirect("referrals:detail", ref=referral.uuid)
    return render(request, "referrals/new.html", {"form": form}, status=400 if form.errors else 200)


def _search_terms(referral) -> dict:
    return {
        "first_name": referral.subject_first_name,
        "last_name": referral.subject_last_name,
        "known_as": referral.subject_known_as,
        "date_of_birth": referral.subject_date_of_birth,
    }


def _render_detail(request, referral, *, status: int = 200, **forms):
    """The referral page: what was referred, its history, and (for those who may decide) the
    decision forms, one of which may come back with errors."""
    undecided = referral.status in actions.UNDECIDED
    context = {
        "referral": referral,
        "concern_labels": [ConcernTag(tag).label for tag in referral.concern_tags if tag in ConcernTag.values],
        "decision_due": decision_due(referral),
        "decisions": queries.history_of(referral),
        "can_manage": scoping.can_manage_service(request.user, referral.service_id),
        "may_triage": undecided and access.may_triage(request.user, referral),
        "cases": casework.cases_of(referral.young_person) if referral.young_person_id else [],
    }
    matches = None
    if referral.young_person_id is None:
        matches = queries.possible_matches(request.user, **_search_terms(referral))
        elsewhere = queries.services_with_possible_matches(request.user, **_search_terms(referral))
        # Looking beyond one's own service is itself audited: which referral, how many found.
        audit.record(
            action="referrals.match.searched",
            actor=request.user,
            subject=referral,
            request=request,
            detail={"elsewhere": len(elsewhere)},
        )
        context.update(
            matches=matches,
            elsewhere=elsewhere,
            elsewhere_managers=network_queries.managers_of([s.pk for s in elsewhere]),
        )
    if context["may_triage"]:
        spokes = network_queries.spokes_of(referral.service)
        context.update(
            accept_form=forms.get("accept_form") or AcceptForm(matches=matches or [], spokes=spokes),
            decline_form=forms.get("decline_form") or DeclineForm(),
            info_form=forms.get("info_form")
            or RequestInformationForm(initial={"asked_in_hubspoke": bool(referral.referring_agency_id)}),
            resolve_form=forms.get("resolve_form") or ResolveInformationForm(),
            close_form=forms.get("close_form") or CloseForm(),
            open_form=next(iter(forms), None),
        )
    return render(request, "referrals/detail.html", context, status=status)


@require_GET
def detail(request, ref):
    return _render_detail(request, access.get_referral_for(request, ref))


def _triage(request, ref, *, form_name, build_form, decide, message):
    """Shared by the decision endpoints: access, form, action, and back to the referral page
    (or the page again with this form's errors, everything typed kept)."""
    referral = access.get_referral_for(request, ref, to="triage")
    form = build_form(referral)
    if form.is_valid():
        try:
            decide(referral, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("referrals:detail", ref=referral.uuid)
    return _render_detail(request, referral, status=400, **{form_name: form})


@require_POST
def accept(request, ref):
    def build(referral):
        matches = queries.possible_matches(request.user, **_search_terms(referral))
        return AcceptForm(request.POST, matches=matches, spokes=network_queries.spokes_of(referral.service))

    return _triage(
        request,
        ref,
        form_name="accept_form",
        build_form=build,
        message="Referral accepted.",
        decide=lambda referral, form: actions.accept_referral(
            actor=request.user,
            referral=referral,
            young_person=form.young_person,
            spoke=form.chosen_spoke,
            notes=form.cleaned_data["notes"],
            request=request,
        ),
    )


@require_POST
def decline(request, ref):
    return _triage(
        request,
        ref,
        form_name="decline_form",
        build_form=lambda referral: DeclineForm(request.POST),
        message="Referral declined. The referrer's agency can now see the reason you gave.",
        decide=lambda referral, form: actions.decline_referral(
            actor=request.user, referral=referral, request=request, **form.cleaned_data
        ),
    )


@require_POST
def request_info(request, ref):
    return _triage(
        request,
        ref,
        form_name="info_form",
        build_form=lambda referral: RequestInformationForm(request.POST),
        message="Request recorded. The referral waits in “awaiting information”.",
        decide=lambda referral, form: actions.request_information(
            actor=request.user, referral=referral, request=request, **form.cleaned_data
        ),
    )


@require_POST
def resolve_info(request, ref):
    return _triage(
        request,
        ref,
        form_name="resolve_form",
        build_form=lambda referral: ResolveInformationForm(request.POST),
        message="Answer recorded. The referral is ready for a decision.",
        decide=lambda referral, form: actions.resolve_information_request(
            actor=request.user, referral=referral, outcome=form.cleaned_data["outcome"], request=request
        ),
    )


@require_POST
def close(request, ref):
    return _triage(
        request,
        ref,
        form_name="close_form",
        build_form=lambda referral: CloseForm(request.POST),
        message="Referral closed.",
        decide=lambda referral, form: actions.close_referral(
            actor=request.user, referral=referral, notes=form.cleaned_data["notes"], request=request
        ),
    )


def _partner(request):
    """The partner's agency and the services they may refer to (404 for anyone else)."""
    access.require_partner(request)
    scope = scoping.scope_for(request.user)
    agency = next(m.agency for m in scope.memberships if m.agency_id)
    return agency, queries.services_a_partner_may_refer_to(request.user)


def _draft_or_restart(request, token):
    """The session's draft with this token, or the page to answer with instead: the referral it
    became, once sent, or a plain "start again" for a token this session does not hold."""
    draft = drafts.get(request.session, token)
    if draft is None:
        return None, render(
            request, "referrals/partner_restart.html",
            {"idle_minutes": settings.HUBSPOKE_IDLE_TIMEOUT_MINUTES},
            status=400 if request.method == "POST" else 200,
        )
    if draft.sent:
        return None, redirect("referrals:sent_confirmation", ref=draft.sent)
    return draft, None


@require_http_methods(["GET"])
def partner_new_referral(request):
    """A new referral: a fresh draft, at its first page."""
    _partner(request)
    token = drafts.start(request.session)
    return redirect("referrals:partner_step", token=token, step=STEP_SLUGS[0])


@require_http_methods(["GET", "POST"])
def partner_step(request, token, step):
    """One page of a partner's referral. Each page checks its own questions; what was typed is
    kept in the draft whether or not it passes, so going back and forth loses nothing."""
    agency, services = _partner(request)
    if step not in STEP_SLUGS:
        raise Http404("Not found")
    draft, answer = _draft_or_restart(request, token)
    if answer:
        return answer
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = PartnerReferralForm(request.POST, services=services, step=step)
        drafts.save_step(request.session, token, step, form.typed(request.POST))
        if form.is_valid():
            following = STEP_SLUGS.index(step) + 1
            if changing or following == len(STEP_SLUGS):
                return redirect("referrals:partner_check", token=token)
            return redirect("referrals:partner_step", token=token, step=STEP_SLUGS[following])
    else:
        typed = draft.step_data(step)
        initial = _partner_initial(request.user, agency, services) if typed is None else None
        form = PartnerReferralForm(typed, services=services, step=step, initial=initial)
    number = STEP_SLUGS.index(step)
    return render(
        request,
        "referrals/partner_step.html",
        {
            "form": form, "agency": agency, "token": token, "step": step, "number": number + 1,
            "steps": len(STEP_SLUGS), "title": PARTNER_STEPS[number][1], "changing": changing,
            "previous": STEP_SLUGS[number - 1] if number else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _partner_initial(user, agency, services) -> dict:
    """What a partner would otherwise type every time: themselves, and their agency's kind."""
    initial = {"referrer_name": user.full_name, "referrer_email": user.email}
    if agency.agency_type in Pathway.values:
        initial["pathway"] = agency.agency_type
    only = list(services[:2])
    if len(only) == 1:
        initial["service"] = only[0].pk
    return initial


@require_http_methods(["GET", "POST"])
def partner_check(request, token):
    """Check your answers, then send: the only place a partner's referral is made."""
    agency, services = _partner(request)
    draft, answer = _draft_or_restart(request, token)
    if answer:
        return answer
    form = PartnerReferralForm(draft.data(), services=services)
    unfinished = form.first_unfinished(draft.steps)
    if unfinished:
        return redirect("referrals:partner_step", token=token, step=unfinished)
    if request.method == "POST":
        try:
            referral = actions.submit_partner_referral(
                actor=request.user,
                agency=agency,
                service=form.cleaned_data["service"],
                request=request,
                submission_token=token,
                details=form.details(),
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            drafts.mark_sent(request.session, token, referral.uuid)
            return redirect("referrals:sent_confirmation", ref=referral.uuid)
    return render(
        request,
        "referrals/partner_check.html",
        {"form": form, "agency": agency, "token": token, "sections": form.summary(), "errors": form.step_errors()},
        status=400 if form.errors else 200,
    )


@require_GET
def sent_confirmation(request, ref):
    """Referral sent: its reference, and what happens next."""
    access.require_partner(request)
    referral = access.get_sent_referral_for(request, ref)  # marks it shown: audited as a view
    return render(request, "referrals/partner_sent.html", {"referral": referral})


@require_GET
def sent(request):
    access.require_partner(request)
    page = Paginator(
        queries.sent_referrals_of(request.user).select_related("service").order_by("-received_at", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "referrals/sent.html", {"page": page, "partner_status": queries.PARTNER_STATUS})


def _render_sent(request, referral, *, answer_form=None, status=200):
    decline = queries.last_decline_of(referral)
    question = queries.question_for_referrer(referral)
    return render(
        request,
        "referrals/sent_detail.html",
        {
            "referral": referral,
            "partner_status": queries.PARTNER_STATUS[referral.status],
            # Only what the service wrote for the referrer: never its notes or anything else.
            "reason_for_referrer": decline.reason_for_referrer if decline else "",
            "signposting": decline.signposting if decline else "",
            "question": question,
            "exchanges": queries.exchanges_with_referrer(referral),
            "answer_form": answer_form or (AnswerForm() if question else None),
        },
        status=status,
    )


@require_GET
def sent_detail(request, ref):
    access.require_partner(request)
    return _render_sent(request, access.get_sent_referral_for(request, ref))


@require_POST
def sent_answer(request, ref):
    """A partner answers the service's question about their agency's referral."""
    access.require_partner(request)
    referral = access.get_sent_referral_for(request, ref)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_information_request(actor=request.user, referral=referral,
                                               answer=form.cleaned_data["answer"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your answer has been sent to {referral.service.name} (referral "
                                      f"{referral.reference}). They will decide on the referral, and you will be "
                                      "told here and by email.")
            return redirect("referrals:sent_detail", ref=referral.uuid)
    return _render_sent(request, referral, answer_form=form, status=400)


# --- The young person's record ------------------------------------------------------------


@require_GET
def young_person(request, ref):
    person = access.get_young_person_for(request, ref)
    return render(
        request,
        "referrals/young_person.html",
        {
            "person": person,
            "aliases": queries.aliases_of(person),
            "referrals": queries.referrals_of_young_person(request.user, person),
            "cases": casework.cases_of(person),
            "may_see_contact": access.may_see_contact(request.user, person),
            "can_manage": scoping.can_manage_service(request.user, person.service_id),
            "panels": panels.for_person(request, person),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_young_person(request, ref):
    person = access.get_young_person_for(request, ref)
    if request.method == "POST":
        form = YoungPersonForm(request.POST, instance=person)
        if form.is_valid():
            try:
                changed = actions.update_young_person(
                    actor=request.user, person=person, fields=form.details(), aliases=form.alias_list(),
                    request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Details saved." if changed else "Nothing changed.")
                return redirect("referrals:young_person", ref=person.uuid)
    else:
        form = YoungPersonForm(instance=person, initial={"aliases": "\n".join(queries.aliases_of(person))})
    return render(
        request, "referrals/young_person_edit.html", {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def young_person_contact(request, ref):
    """Restricted: every look is audited as a look at the contact details."""
    person, contact = access.get_young_person_contact_for(request, ref)
    editing = request.method == "POST" or "change" in request.GET
    form = None
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            changed = actions.update_contact(actor=request.user, person=person, fields=form.details(),
                                             request=request)
            messages.success(request, "Contact details saved." if changed else "Nothing changed.")
            return redirect("referrals:young_person_contact", ref=person.uuid)
    elif editing:
        form = ContactForm(instance=contact)
    return render(
        request, "referrals/young_person_contact.html",
        {"person": person, "contact": contact, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
