"""Who may see and record young people's feedback: as the case is (``cases.access``). The
service's answers together are for its staff, each seeing the cases they may see."""

from __future__ import annotations

from dataclasses import dataclass

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.cases import access as case_access
from hubspoke.cases import queries as case_queries
from hubspoke.cases.models import Case
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Role, Service
from hubspoke.participation.models import Activity, Survey, SurveyKind, SurveyLink, SurveyQuestion


def get_case(request, ref) -> Case:
    """A case the person may see (audited as a look at it); anyone else 404."""
    return case_access.get_case_for(request, ref)


def get_case_to_record(request, ref) -> Case:
    """A case whose feedback the person may record: its lead worker or a manager, while open."""
    return case_access.get_case_for(request, ref, to="record")


def get_handover_case(request, ref) -> Case | None:
    """The case a hand-over is for, without a look at it being recorded (the hand-over page shows
    nothing of it); None if the person may no longer record on it."""
    case = case_queries.case_detail(request.user).filter(uuid=ref).first()
    if case is None or not case_access.may_record(request.user, case):
        return None
    return case


def require_staff(request) -> None:
    if not scoping.scope_for(request.user).member_service_ids:
        raise deny_not_found(request=request, kind="participation.feedback", ref="service")


# --- Surveys ---------------------------------------------------------------------------------
# A service's survey is built by its managers and handed out by its staff; a programme survey
# is built by the programme's leads and handed out by every service's staff, each service with
# its own link. Results: a service's managers see their own service's answers exactly; the
# programme's leads and evaluators see a programme survey's answers together, after
# disclosure control, never a service's own words.


@dataclass(frozen=True)
class SurveyRights:
    build: bool = False
    use_service_ids: frozenset[int] = frozenset()  # services whose staff hand it out and type answers in
    result_service_ids: frozenset[int] = frozenset()  # services whose answers this person reads exactly
    programme_results: bool = False  # the programme's answers together, controlled

    @property
    def view(self) -> bool:
        return self.build or bool(self.use_service_ids or self.result_service_ids) or self.programme_results


def staff_services(scope) -> dict[int, int]:
    """The services a person works in, each with its programme."""
    found = {}
    for m in scope.memberships:
        service = m.spoke.service if m.role == Role.SPOKE_WORKER else m.service
        if service is not None and m.role in (Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER):
            found[service.pk] = service.programme_id
    return found


def _programmes_as(scope, *roles) -> set[int]:
    return {m.programme_id for m in scope.memberships if m.role in roles and m.programme_id}


def survey_rights(user, survey: Survey) -> SurveyRights:
    scope = scoping.scope_for(user)
    opened = survey.opened_at is not None
    staff = staff_services(scope)
    if survey.service_id is not None:
        manages = survey.service_id in scope.managed_service_ids
        works_there = survey.service_id in staff
        return SurveyRights(build=manages, use_service_ids=frozenset({survey.service_id} if works_there and opened
                                                                     else ()),
                            result_service_ids=frozenset({survey.service_id} if manages else ()))
    leads = survey.programme_id in _programmes_as(scope, Role.PROGRAMME_LEAD)
    mine = frozenset(s for s, p in staff.items() if p == survey.programme_id) if opened else frozenset()
    return SurveyRights(
        build=leads, use_service_ids=mine, result_service_ids=mine & scope.managed_service_ids,
        programme_results=leads or (opened and survey.programme_id in _programmes_as(scope, Role.EVALUATOR)))


def get_survey(request, ref, to: str = "view") -> tuple[Survey, SurveyRights]:
    """A survey and what this person may do with it. ``to``: view, build (its builders only),
    use (its staff, from its opening until it closes) or results. Someone who may not see it gets 404;
    someone who may see it but not do this, 403."""
    survey = (Survey.objects.filter(uuid=ref).select_related("service", "programme").first()
              if ref else None)
    rights = survey_rights(request.user, survey) if survey else SurveyRights()
    if not rights.view:
        raise deny_not_found(request=request, kind="participation.survey", ref=ref)
    allowed = {
        "view": True,
        "build": rights.build,
        # Handing out starts when it is opened (paper copies printed before its first day); the
        # actions take answers only while it is open.
        "use": bool(rights.use_service_ids) and survey.status_on(today()) in ("open", "scheduled"),
        "results": rights.build or bool(rights.result_service_ids) or rights.programme_results,
    }[to]
    if not allowed:
        raise deny_read_only(request=request, kind="participation.survey", ref=ref)
    return survey, rights


def may_start_survey(user, service_id: int | None = None) -> bool:
    """Whether this person builds surveys: a service's managers, a programme's leads."""
    scope = scoping.scope_for(user)
    if service_id is not None:
        return service_id in scope.managed_service_ids
    return bool(scope.managed_service_ids or _programmes_as(scope, Role.PROGRAMME_LEAD))


def survey_places(user) -> list[tuple[str, str, object]]:
    """Where this person may start a survey: (key, label, the service or the programme)."""
    scope = scoping.scope_for(user)
    places = [(f"service:{m.service.uuid}", m.service.name, m.service)
              for m in scope.memberships if m.role == Role.SERVICE_MANAGER]
    places += [(f"programme:{m.programme.uuid}", f"The whole programme: {m.programme.name}", m.programme)
               for m in scope.memberships if m.role == Role.PROGRAMME_LEAD]
    return places


def require_survey_reader(request) -> None:
    """The surveys list: for services' staff and the programme's roles."""
    scope = scoping.scope_for(request.user)
    if not (scope.member_service_ids or _programmes_as(scope, Role.PROGRAMME_LEAD, Role.EVALUATOR)):
        raise deny_not_found(request=request, kind="participation.survey", ref="list")


def get_survey_question(request, survey: Survey, ref) -> SurveyQuestion:
    """One of this survey's questions (the survey already got through ``get_survey``); 404 else."""
    found = next((q for q in survey.questions.all() if str(q.uuid) == str(ref)), None)
    if found is None:
        raise deny_not_found(request=request, kind="participation.survey_question", ref=ref)
    return found


def get_survey_link(request, survey: Survey, rights: SurveyRights, service_ref) -> SurveyLink:
    """The open link of one of the services this person hands the survey out for; 404 else."""
    found = (survey.links.filter(service_id__in=list(rights.use_service_ids), service__uuid=service_ref)
             .select_related("service").first() if service_ref else None)
    if found is None:
        raise deny_not_found(request=request, kind="participation.survey_link", ref=service_ref)
    return found


def get_named_survey(request, case: Case, ref) -> Survey:
    """A named survey of the case's service, taking answers today and not yet answered by this
    young person (the case already got through ``get_case_to_record``); 404 else."""
    found = (Survey.objects.filter(uuid=ref, service_id=case.service_id, kind=SurveyKind.NAMED,
                                   opened_at__isnull=False, closed_at__isnull=True, opens_on__lte=today(),
                                   closes_on__gte=today())
             .exclude(responses__case=case).first() if ref else None)
    if found is None:
        raise deny_not_found(request=request, kind="participation.survey", ref=ref)
    return found


def deny_survey_builder(request):
    """Starting a survey, for someone who builds none: the same audited 404 as anything else."""
    raise deny_not_found(request=request, kind="participation.survey", ref="new")


# --- Activities, consent to use words or images, quotes --------------------------------------
# An activity belongs to its service: its staff see and record it, and nobody else does (the
# programme and the evaluators see the quarterly report, controlled). The young people who took
# part are named only to those who may see their cases. Consent and quotes are part of the young
# person's record: recorded by those who record on the case; withdrawn by any of the service's
# staff who can see it, open or closed, because a withdrawal must never wait.


def activity_services(user) -> frozenset[int]:
    """The services whose activities this person sees and records: those they work in."""
    return frozenset(staff_services(scoping.scope_for(user)))


def require_activity_staff(request) -> frozenset[int]:
    found = activity_services(request.user)
    if not found:
        raise deny_not_found(request=request, kind="participation.activity", ref="list")
    return found


def get_activity(request, ref):
    """An activity of a service this person works in; 404 else."""
    found = (Activity.objects.filter(uuid=ref, service_id__in=list(activity_services(request.user)))
             .select_related("service").first() if ref else None)
    if found is None:
        raise deny_not_found(request=request, kind="participation.activity", ref=ref)
    return found


def get_activity_output(request, activity, ref):
    """One of the activity's outputs (the activity got through ``get_activity``); 404 else."""
    found = activity.outputs.filter(uuid=ref).first() if ref else None
    if found is None:
        raise deny_not_found(request=request, kind="participation.output", ref=ref)
    return found


def get_participant_case(request, activity, ref) -> Case:
    """A case of the activity's service that this person may see (audited as a look at it): the
    young person being added to, or taken off, the activity; 404 else."""
    case = case_access.get_case_for(request, ref)
    if case.service_id != activity.service_id:
        raise deny_not_found(request=request, kind="participation.participant", ref=ref)
    return case


def get_participant(request, activity, case):
    """The case's taking part in the activity (both already got through access); 404 else."""
    found = activity.participants.filter(case=case).first()
    if found is None:
        raise deny_not_found(request=request, kind="participation.participant", ref=case.uuid)
    return found


def may_withdraw(user, case: Case) -> bool:
    """Withdrawing consent: any of the case's service's staff, whether the case is open or not."""
    return case.service_id in activity_services(user)


def get_case_to_withdraw(request, ref) -> Case:
    case = case_access.get_case_for(request, ref)
    if not may_withdraw(request.user, case):
        raise deny_read_only(request=request, kind="participation.consent", ref=ref)
    return case


def get_consent(request, case: Case, ref):
    """One of the case's consents (the case already got through access); 404 else."""
    found = case.use_consents.filter(uuid=ref).first() if ref else None
    if found is None:
        raise deny_not_found(request=request, kind="participation.consent", ref=ref)
    return found


def get_quote(request, case: Case, ref):
    found = case.participation_quotes.filter(uuid=ref).first() if ref else None
    if found is None:
        raise deny_not_found(request=request, kind="participation.quote", ref=ref)
    return found


# --- The quarterly participation report ------------------------------------------------------
# A service's own staff read it with exact figures; the programme's leads and evaluators read
# every service's, controlled. Its PDF and spreadsheet leave the system, so they are always
# controlled.


def report_services(user) -> tuple[frozenset[int], frozenset[int]]:
    """(services whose report this person reads exactly, programmes whose services' reports they
    read controlled)."""
    scope = scoping.scope_for(user)
    return (frozenset(staff_services(scope)),
            frozenset(_programmes_as(scope, Role.PROGRAMME_LEAD, Role.EVALUATOR)))


def get_report_service(request, ref):
    """The service whose report is asked for, and whether this person reads it exactly; 404 for
    a service they may not read."""
    exact, programmes = report_services(request.user)
    found = (Service.objects.filter(uuid=ref).select_related("programme").first() if ref else None)
    if found is None or not (found.pk in exact or found.programme_id in programmes):
        raise deny_not_found(request=request, kind="participation.report", ref=ref)
    return found, found.pk in exact


def require_report_reader(request) -> tuple[frozenset[int], frozenset[int]]:
    exact, programmes = report_services(request.user)
    if not (exact or programmes):
        raise deny_not_found(request=request, kind="participation.report", ref="list")
    return exact, programmes
