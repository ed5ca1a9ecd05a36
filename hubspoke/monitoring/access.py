"""Who may see and do what in monitoring.

- A service's **managers** see their returns with exact figures, write the narrative, submit and
  reopen them, and confirm their snapshot survey. Nobody else in the service sees returns.
- **Programme leads and evaluators** see submitted returns only, and only after disclosure
  control; the completeness tracker; the programme dashboard; "what works for whom". Programme
  leads open snapshot surveys. Evaluators hold API keys.
Everything else is the same 404 as a page that does not exist."""

from hubspoke.accounts import mfa
from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.monitoring import queries
from hubspoke.monitoring.models import ApiToken, MonitoringReturn, ReturnVersion, Survey, SurveyResponse
from hubspoke.network import access as network_access
from hubspoke.network import scoping
from hubspoke.network.models import Role

AGGREGATE_ROLES = (Role.PROGRAMME_LEAD, Role.EVALUATOR)


def require_manager(request) -> frozenset[int]:
    """The services whose returns this person manages; 404 for anyone who manages none."""
    return network_access.require_manager(request, kind="monitoring.returns", ref="list")


def programme_ids(request, *, roles=AGGREGATE_ROLES) -> frozenset[int]:
    """The programmes whose aggregate figures this person sees (as a programme lead or an
    evaluator); 404 for anyone else."""
    scope = scoping.scope_for(request.user)
    ids = frozenset(m.programme_id for m in scope.memberships if m.role in roles)
    if not ids:
        raise deny_not_found(request=request, kind="monitoring.programme", ref="figures")
    return ids


def get_return_for_manager(request, ref) -> MonitoringReturn:
    """One of the person's services' returns; or, by the reference the returns page shows it
    under, a draft it owes whose row is not made yet (unsaved: ``pk`` is None)."""
    managed = scoping.scope_for(request.user).managed_service_ids
    found = (
        MonitoringReturn.objects.select_related("service__programme")
        .filter(uuid=ref, service_id__in=managed).first()
    )
    if found is None and managed:
        found = queries.unmade_draft(managed, ref)
    if found is None:
        raise deny_not_found(request=request, kind="monitoring.monitoringreturn", ref=ref)
    return found


def get_submitted_return_for_programme(request, ref) -> tuple[MonitoringReturn, ReturnVersion]:
    """A return as the programme sees it: its latest submitted version (a return reopened for
    correction still shows the version submitted before, marked as being corrected)."""
    ids = programme_ids(request)
    found = (
        MonitoringReturn.objects.select_related("service__programme")
        .filter(uuid=ref, service__programme_id__in=ids, version__gte=1).first()
    )
    if found is None:
        raise deny_not_found(request=request, kind="monitoring.monitoringreturn", ref=ref)
    version = ReturnVersion.objects.select_related("submitted_by").get(monitoring_return=found, number=found.version)
    return found, version


def get_survey_for_programme(request, ref) -> Survey:
    ids = programme_ids(request)
    survey = Survey.objects.select_related("programme").filter(uuid=ref, programme_id__in=ids).first()
    if survey is None:
        raise deny_not_found(request=request, kind="monitoring.survey", ref=ref)
    return survey


def get_survey_response_for_manager(request, ref) -> SurveyResponse:
    managed = scoping.scope_for(request.user).managed_service_ids
    found = (
        SurveyResponse.objects.select_related("survey", "service")
        .filter(uuid=ref, service_id__in=managed).first()
    )
    if found is None:
        raise deny_not_found(request=request, kind="monitoring.surveyresponse", ref=ref)
    return found


def get_own_api_token(request, ref) -> ApiToken:
    programme_ids(request, roles=(Role.EVALUATOR,))
    found = ApiToken.objects.filter(uuid=ref, person=request.user).first()
    if found is None:
        raise deny_not_found(request=request, kind="monitoring.apitoken", ref=ref)
    return found


def deny_submitted(request, monitoring_return: MonitoringReturn):
    return deny_read_only(request=request, kind="monitoring.monitoringreturn", ref=monitoring_return.uuid)


def deny_confirmed(request, response: SurveyResponse):
    return deny_read_only(request=request, kind="monitoring.surveyresponse", ref=response.uuid)


def may_open_surveys(request, programme) -> bool:
    scope = scoping.scope_for(request.user)
    return any(m.role == Role.PROGRAMME_LEAD and m.programme_id == programme.pk for m in scope.memberships)


def deny_survey_opening(request):
    return deny_read_only(request=request, kind="monitoring.survey", ref="new")


def api_programme_ids(person) -> list[int]:
    """The programmes an API key's holder may read, as an evaluator today who keeps to the
    second-factor rule (an authenticator, as for signing in); none once they are no longer an
    evaluator or their authenticator is removed (the key then stops working, and no new key
    can be made)."""
    if not person.is_active or not (mfa.has_totp(person) or mfa.may_skip_mfa(person)):
        return []
    return [m.programme_id for m in scoping.scope_for(person).memberships if m.role == Role.EVALUATOR]
