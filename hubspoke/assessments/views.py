from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubspoke.assessments import access, actions, queries
from hubspoke.assessments.charts import trajectory
from hubspoke.assessments.definition import indicators
from hubspoke.assessments.forms import CompleteForm, SectionForm, ServiceToolsForm, StartForm
from hubspoke.assessments.models import AssessmentStatus
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.lib.htmx import is_htmx
from hubspoke.network import access as network_access
from hubspoke.network import scoping
from hubspoke.network.models import Agency
from hubspoke.referrals import access as referral_access
from hubspoke.referrals.models import ConcernTag


@require_GET
def young_person_assessments(request, ref):
    """A young person's assessments: start one, continue a draft, and the levels over time."""
    person = referral_access.get_young_person_for(request, ref)
    history = list(queries.of_young_person(person))
    for a in history:  # the tool (and so its level labels) is already loaded with each
        a.computed_label = {lv["id"]: lv["label"] for lv in a.tool.definition["levels"]}.get(a.computed_level, "")
    completed = [a for a in reversed(history) if a.status == AssessmentStatus.COMPLETED]
    return render(
        request,
        "assessments/young_person.html",
        {
            "person": person,
            "drafts": [a for a in history if a.status == AssessmentStatus.DRAFT],
            "completed": list(reversed(completed)),
            "chart": trajectory(completed),
            "start_form": StartForm(tools=queries.tools_in_use(person.service_id)),
        },
    )


@require_GET
def referral_assessments(request, ref):
    """Screening a referral to inform its triage, before or after it is linked to a record."""
    referral = referral_access.get_referral_for(request, ref)
    return render(
        request,
        "assessments/referral.html",
        {
            "referral": referral,
            "assessments": queries.of_referral(referral),
            "start_form": StartForm(tools=queries.tools_in_use(referral.service_id)),
        },
    )


def _start(request, *, back, **about):
    held = about.get("young_person") or about["referral"]
    form = StartForm(request.POST, tools=queries.tools_in_use(held.service_id))
    if not form.is_valid():
        messages.error(request, "Select the tool to use.")
        return back
    assessment = actions.start_assessment(actor=request.user, tool=form.chosen, request=request, **about)
    return redirect("assessments:section", ref=assessment.uuid, number=1)


@require_POST
def start(request, ref):
    person = referral_access.get_young_person_for(request, ref)
    return _start(request, back=redirect("assessments:young_person", ref=person.uuid), young_person=person)


@require_POST
def start_for_referral(request, ref):
    referral = referral_access.get_referral_for(request, ref)
    return _start(request, back=redirect("assessments:referral", ref=referral.uuid), referral=referral)


def home_of(assessment) -> str:
    """Where an assessment's pages lead back to: its young person's assessments, or for a
    screening of an unlinked referral, the referral's."""
    if assessment.young_person_id:
        return reverse("assessments:young_person", kwargs={"ref": assessment.young_person.uuid})
    return reverse("assessments:referral", kwargs={"ref": assessment.referral.uuid})


@require_POST
def review(request, ref):
    previous = access.get_assessment_for(request, ref)
    try:
        assessment = actions.start_assessment(
            actor=request.user, young_person=queries.young_person_reviewed(previous),
            tool=queries.tool_for_review(previous), review_of=previous, request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:detail", ref=previous.uuid)
    return redirect("assessments:section", ref=assessment.uuid, number=1)


def _changes(assessment) -> dict:
    """For a review: indicator id -> the previous answer's label, where the answer changed."""
    previous = queries.previous_answers(assessment)
    if not previous:
        return {}
    labels = {name: {a["value"]: a["label"] for a in choices}
              for name, choices in assessment.tool.definition["answer_sets"].items()}
    changed = {}
    for ind in indicators(assessment.tool.definition):
        before = (previous.get(ind["id"]) or {}).get("answer", "")
        now = (assessment.answers.get(ind["id"]) or {}).get("answer", "")
        if before != now:
            changed[ind["id"]] = labels[ind["answers"]].get(before, "No answer")
    return changed


@require_http_methods(["GET", "POST"])
def section(request, ref, number):
    assessment = access.get_assessment_for(request, ref, to="edit")
    sections = assessment.tool.definition["sections"]
    if not 1 <= number <= len(sections):
        raise Http404("Not found")
    current = sections[number - 1]
    if request.method == "POST":
        form = SectionForm(request.POST, tool_def=assessment.tool.definition, section=current)
        if form.is_valid():
            assessment = actions.save_answers(actor=request.user, assessment=assessment, answers=form.answers(),
                                              section=current["id"], request=request)
            if is_htmx(request):  # saved as the worker goes: just say so
                return HttpResponse(f"Saved at {timezone.localtime():%H:%M}")
            if request.POST.get("then") == "later":
                messages.success(request, "Your answers are saved. Come back to the draft at any time.")
                return redirect(home_of(assessment))
            if number < len(sections):
                return redirect("assessments:section", ref=assessment.uuid, number=number + 1)
            return redirect("assessments:check", ref=assessment.uuid)
    else:
        form = SectionForm(initial=SectionForm.initial_from(current, assessment.answers),
                           tool_def=assessment.tool.definition, section=current)
    answered = {key for key, value in assessment.answers.items() if value.get("answer")}
    changes = _changes(assessment)
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "form": form,
            "number": number,
            "sections": [
                {"number": n, "title": s["title"],
                 "done": all(ind["id"] in answered for ind in s["indicators"])}
                for n, s in enumerate(sections, start=1)
            ],
            "questions": [{**q, "was": changes.get(q["indicator"]["id"])} for q in form.questions()],
            "is_last": number == len(sections),
            "home": home_of(assessment),
        },
        status=400 if form.errors else 200,
    )


def _contributing_agencies(assessment):
    """Agencies in the places the service works, and any already recorded."""
    service = assessment.service
    return Agency.objects.filter(
        Q(local_authority__spokes__service=service) | Q(hosted_spokes__service=service)
    ).distinct().order_by("name")


def _result_context(assessment, result) -> dict:
    """The result with every answer behind it, for the check page and the completed page."""
    tool_def = assessment.tool.definition
    by_id = {ind["id"]: ind for ind in indicators(tool_def)}
    labels = {name: {a["value"]: a["label"] for a in choices} for name, choices in tool_def["answer_sets"].items()}
    windows = {w["id"]: w["label"] for w in tool_def["time_windows"]}
    levels = {lv["id"]: lv for lv in tool_def["levels"]}

    def described(ids):
        rows = []
        for key in ids:
            given = assessment.answers.get(key) or {}
            rows.append({
                "indicator": by_id[key],
                "answer": labels[by_id[key]["answers"]].get(given.get("answer", ""), ""),
                "window": windows.get(given.get("window", ""), ""),
                "note": given.get("note", ""),
            })
        return rows

    outcomes = [
        {"outcome": o, "level": levels.get(o["level"]) if o["level"] else None, "because": described(o["because"])}
        for o in result["outcomes"]
    ]
    not_known = [key for key, given in assessment.answers.items()
                 if given.get("answer") == "not_known" and key in by_id]
    return {
        "result": result,
        "computed": levels[result["level"]],
        "outcomes": outcomes,
        "harm": described(result["harm"]),
        "vulnerabilities": described(result["vulnerabilities"]),
        "strengths": described(result["strengths"]),
        "not_known": described(not_known),
        "unanswered": [by_id[key] for key in result["unanswered"]],
        "levels": levels,
    }


@require_http_methods(["GET", "POST"])
def check(request, ref):
    """Check the answers, see the computed level and why, and complete."""
    assessment = access.get_assessment_for(request, ref, to="edit")
    on = today()
    preview = actions.preview(assessment, on).to_dict()
    tool_def = assessment.tool.definition
    form_kwargs = {
        "tool_def": tool_def, "computed": preview["level"], "agencies": _contributing_agencies(assessment),
        "prompt": tool_def["young_persons_view"]["prompt"],
    }
    if request.method == "POST":
        form = CompleteForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                completed = actions.complete_assessment(
                    actor=request.user, assessment=assessment, assessed_on=form.cleaned_data["assessed_on"],
                    judgement_level=form.judgement_level(),
                    judgement_rationale=form.cleaned_data["judgement_rationale"],
                    agencies=form.cleaned_data["agencies"],
                    other_contributors=form.cleaned_data["other_contributors"],
                    young_persons_view=form.cleaned_data["young_persons_view"],
                    view_not_obtained_reason=form.cleaned_data["view_not_obtained_reason"],
                    models_of_cse=form.cleaned_data["models_of_cse"], request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Assessment completed." + (
                    " A manager has been asked to countersign it." if completed.needs_countersignature else ""))
                return redirect("assessments:detail", ref=completed.uuid)
    else:
        form = CompleteForm(initial={"assessed_on": on, "judgement": "agree", "models_of_cse": preview["tags"]},
                            **form_kwargs)
    return render(
        request,
        "assessments/check.html",
        {"assessment": assessment, "form": form, "home": home_of(assessment), **_result_context(assessment, preview)},
        status=400 if form.errors else 200,
    )


@require_GET
def detail(request, ref):
    assessment = access.get_assessment_for(request, ref)
    if assessment.status == AssessmentStatus.DRAFT:
        if access.may_edit(request.user, assessment):
            return redirect("assessments:check", ref=assessment.uuid)
        return render(request, "assessments/draft.html", {"assessment": assessment, "home": home_of(assessment)})
    tool_def = assessment.tool.definition
    labels = {name: {a["value"]: a["label"] for a in choices} for name, choices in tool_def["answer_sets"].items()}
    windows = {w["id"]: w["label"] for w in tool_def["time_windows"]}
    changes = _changes(assessment)
    sections = [
        {
            "title": s["title"],
            "rows": [
                {
                    "indicator": ind,
                    "answer": labels[ind["answers"]].get((assessment.answers.get(ind["id"]) or {}).get("answer", ""),
                                                         "No answer"),
                    "window": windows.get((assessment.answers.get(ind["id"]) or {}).get("window", ""), ""),
                    "note": (assessment.answers.get(ind["id"]) or {}).get("note", ""),
                    "was": changes.get(ind["id"]),
                }
                for ind in s["indicators"]
            ],
            "changed": sum(1 for ind in s["indicators"] if ind["id"] in changes),
        }
        for s in tool_def["sections"]
    ]
    context = _result_context(assessment, assessment.result)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "sections": sections,
            "judgement": context["levels"].get(assessment.judgement_level),
            "final": context["levels"][assessment.level],
            "models": [ConcernTag(tag).label for tag in assessment.models_of_cse if tag in ConcernTag.values],
            "agencies": assessment.contributing_agencies.order_by("name"),
            "may_countersign": access.may_countersign(request.user, assessment),
            "judgement_waits": actions.judgement_waits(assessment),
            "may_review": bool(assessment.young_person_id or assessment.referral.young_person_id),
            "can_manage": scoping.can_manage_service(request.user, assessment.service_id),
            "home": home_of(assessment),
            "review_due": assessment.next_review_on and assessment.next_review_on < today(),
            **context,
        },
    )


@require_POST
def countersign(request, ref):
    assessment = access.get_assessment_for(request, ref, to="countersign")
    actions.countersign(actor=request.user, assessment=assessment, request=request)
    messages.success(request, "Countersigned.")
    return redirect("assessments:detail", ref=assessment.uuid)


@require_GET
def mine(request):
    """The assessments this person has started and not completed."""
    referral_access.require_staff(request)
    drafts = queries.drafts_of(request.user)
    return render(request, "assessments/mine.html", {"drafts": drafts})


@require_GET
def countersignatures(request):
    """Completed assessments at a level that needs a manager's countersignature, oldest first."""
    access.require_manager(request)
    waiting = queries.awaiting_countersignature(request.user)
    return render(request, "assessments/countersignatures.html", {"waiting": waiting})


@require_http_methods(["GET", "POST"])
def service_tools(request, ref):
    """A service's managers choose the tools it offers, such as the one its area uses."""
    service = network_access.get_service_for(request, ref, to="manage")
    tools = queries.tools_in_use()
    chosen = queries.chosen_tool_ids(service.pk)
    form = ServiceToolsForm(request.POST if request.method == "POST" else None, tools=tools,
                            initial={"tools": sorted(chosen) if chosen else [t.tool_id for t in tools]})
    if request.method == "POST" and form.is_valid():
        try:
            actions.choose_service_tools(actor=request.user, service=service, tool_ids=form.cleaned_data["tools"],
                                         request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The tools this service offers are saved.")
            return redirect("network:service_detail", ref=service.uuid)
    return render(request, "assessments/service_tools.html", {"service": service, "form": form},
                  status=400 if form.errors else 200)
