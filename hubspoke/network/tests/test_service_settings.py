import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.network import actions
from hubspoke.network.models import Service, WaitingListPolicy

POLICY_CHANGED = "network.service.policy_changed"


def url_for(service):
    return reverse("network:service_settings", kwargs={"ref": service.uuid})


def policy(**overrides) -> dict:
    """A whole form's worth of policy, as posted: the defaults a new service has."""
    values = {
        "waiting_list_policy": "waiting_list",
        "min_age": "8",
        "max_age": "25",
        "decision_target_working_days": "3",
        "first_contact_target_working_days": "10",
        "workers_may_triage": "no",
        "co_worked_cases": "not_counted",
        "supports_to_25": "yes",
        "stories_need_manager_check": "no",
        "feedback_every_weeks": "13",
        "feedback_link_days": "7",
    }
    values.update(overrides)
    return values


def policy_of(service) -> dict:
    service = Service.objects.get(pk=service.pk)
    return {name: getattr(service, name) for name in actions.POLICY_FIELDS}


def changes_recorded(service):
    return AuditEvent.objects.filter(action=POLICY_CHANGED, subject_ref=str(service.uuid))


def test_form_shows_the_current_policy(world, signed_in):
    body = signed_in("manager_a").get(url_for(world.service_a)).content.decode()
    assert 'value="waiting_list" checked' in body
    assert 'name="min_age" type="number" value="8"' in body
    assert 'value="no" checked' in body
    # Each waiting-list choice explains itself in plain words.
    assert "the most urgent first" in body
    assert "children&#x27;s social care keeps responsibility" in body


def test_manager_changes_the_policy_and_one_audit_row_keeps_before_and_after(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world.service_a), policy(
        waiting_list_policy="no_waiting_list", min_age="10", max_age="18", workers_may_triage="yes",
        co_worked_cases="half",
    ))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:service_detail", kwargs={"ref": world.service_a.uuid})
    assert policy_of(world.service_a) == {
        "waiting_list_policy": WaitingListPolicy.NO_WAITING_LIST, "min_age": 10, "max_age": 18,
        "decision_target_working_days": 3, "first_contact_target_working_days": 10, "workers_may_triage": True,
        "co_worked_cases": "half", "supports_to_25": True, "stories_need_manager_check": False,
        "feedback_every_weeks": 13, "feedback_link_days": 7,
    }
    event = changes_recorded(world.service_a).get()
    assert event.actor == world.manager_a
    assert event.detail == {
        "waiting_list_policy": {"before": "waiting_list", "after": "no_waiting_list"},
        "min_age": {"before": 8, "after": 10},
        "max_age": {"before": 25, "after": 18},
        "workers_may_triage": {"before": False, "after": True},
        "co_worked_cases": {"before": "not_counted", "after": "half"},
    }
    page = client.get(response["Location"]).content.decode()
    assert "North Hub&#x27;s referral policy has been updated." in page
    assert "10 to 18" in page and "Managers and workers" in page


def test_saving_without_a_change_writes_nothing_and_says_so(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world.service_a), policy(), follow=True)
    assert "Nothing changed" in response.content.decode()
    assert not changes_recorded(world.service_a).exists()


@pytest.mark.parametrize("persona", ["hub_worker_a", "worker_a", "programme_lead", "evaluator", "admin"])
def test_people_who_see_the_service_but_do_not_manage_it_get_403(world, signed_in, persona):
    client = signed_in(persona, recent=True)
    before = policy_of(world.service_a)
    assert client.get(url_for(world.service_a)).status_code == 403
    assert client.post(url_for(world.service_a), policy(min_age="12")).status_code == 403
    assert policy_of(world.service_a) == before
    assert not changes_recorded(world.service_a).exists()
    assert AuditEvent.objects.filter(
        action="audit.access.denied", actor=world.people[persona], subject_ref=str(world.service_a.uuid),
        detail__status=403,
    ).count() == 2


@pytest.mark.parametrize("persona", ["outsider", "partner_a"])
def test_other_services_manager_and_partner_get_404(world, signed_in, persona):
    client = signed_in(persona, recent=True)
    assert client.get(url_for(world.service_a)).status_code == 404
    assert client.post(url_for(world.service_a), policy(min_age="12")).status_code == 404
    assert policy_of(world.service_a)["min_age"] == 8
    assert AuditEvent.objects.filter(
        action="audit.access.denied", actor=world.people[persona], detail__status=404,
    ).count() == 2


def test_a_missing_service_is_404_like_any_other(world, signed_in):
    client = signed_in("manager_a", recent=True)
    missing = reverse("network:service_settings", kwargs={"ref": "00000000-0000-0000-0000-000000000000"})
    assert client.get(missing).status_code == 404


def test_saving_needs_a_recent_sign_in(world, signed_in):
    client = signed_in("manager_a")  # signed in, but not within the last few minutes
    assert client.get(url_for(world.service_a)).status_code == 200
    response = client.post(url_for(world.service_a), policy(min_age="12"))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert policy_of(world.service_a)["min_age"] == 8
    assert not changes_recorded(world.service_a).exists()


def test_someone_who_may_not_change_it_is_refused_before_being_asked_to_sign_in_again(world, signed_in):
    client = signed_in("hub_worker_a")
    assert client.post(url_for(world.service_a), policy(min_age="12")).status_code == 403


def test_youngest_age_above_the_oldest_is_an_error_on_the_youngest_age_and_keeps_what_was_typed(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world.service_a), policy(min_age="16", max_age="12", decision_target_working_days="7"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert '<a href="#id_min_age">The youngest age must be the same as or lower than the oldest age</a>' in body
    assert 'id="id_min_age-error"' in body
    assert 'name="min_age" type="number" value="16"' in body
    assert 'name="max_age" type="number" value="12"' in body
    assert 'name="decision_target_working_days" type="number" value="7"' in body
    assert policy_of(world.service_a)["min_age"] == 8
    assert not changes_recorded(world.service_a).exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("min_age", "4", "The youngest age must be between 5 and 25"),
    ("max_age", "26", "The oldest age must be between 5 and 25"),
    ("decision_target_working_days", "0", "The decision target must be between 1 and 20"),
    ("decision_target_working_days", "21", "The decision target must be between 1 and 20"),
    ("first_contact_target_working_days", "0", "The first contact target must be between 1 and 30"),
    ("first_contact_target_working_days", "31", "The first contact target must be between 1 and 30"),
    ("min_age", "ten", "The youngest age must be a whole number"),
    ("max_age", "", "Enter the oldest age"),
    ("waiting_list_policy", "sometimes", "Select a valid choice"),
])
def test_values_out_of_bounds_get_specific_errors(world, signed_in, field, value, message):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world.service_a), policy(**{field: value}))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if field != "waiting_list_policy":
        assert f'name="{field}" type="number" value="{value}"' in body
    assert not changes_recorded(world.service_a).exists()


def test_unanswered_questions_are_each_reported_and_linked_from_the_summary(world, signed_in):
    client = signed_in("manager_a", recent=True)
    body = client.post(url_for(world.service_a), {}).content.decode()
    assert '<a href="#id_waiting_list_policy_0">Select whether the service keeps a waiting list</a>' in body
    assert '<a href="#id_workers_may_triage_0">Select whether workers can make triage decisions</a>' in body
    assert "Enter the decision target" in body and "Enter the first contact target" in body


def test_only_managers_see_the_link_but_everyone_on_the_service_sees_the_policy(world, signed_in):
    detail = reverse("network:service_detail", kwargs={"ref": world.service_a.uuid})
    link = f'href="{url_for(world.service_a)}"'
    manager_page = signed_in("manager_a").get(detail).content.decode()
    assert link in manager_page
    worker_page = signed_in("hub_worker_a").get(detail).content.decode()
    assert link not in worker_page
    assert "Within 3 working days" in worker_page and "Managers only" in worker_page


def test_the_action_checks_the_actor_manages_the_service(world):
    with pytest.raises(PermissionDenied):
        actions.update_service_policy(actor=world.hub_worker_a, service=world.service_a, changes={"min_age": 12})
    with pytest.raises(PermissionDenied):
        actions.update_service_policy(actor=world.outsider, service=world.service_a, changes={"min_age": 12})
    assert policy_of(world.service_a)["min_age"] == 8


def test_the_action_keeps_the_bounds_whoever_calls_it(world):
    with pytest.raises(ValidationError) as raised:
        actions.update_service_policy(actor=world.manager_a, service=world.service_a, changes={"min_age": 26})
    assert "min_age" in raised.value.message_dict
    # Compared with what is saved: a youngest age above the saved oldest age is refused too.
    with pytest.raises(ValidationError, match="youngest age must be the same as or lower"):
        actions.update_service_policy(actor=world.manager_a, service=world.service_a, changes={"max_age": 7})
    with pytest.raises(ValueError, match="name"):
        actions.update_service_policy(actor=world.manager_a, service=world.service_a, changes={"name": "Renamed"})
    assert not changes_recorded(world.service_a).exists()


def test_after_re_entering_the_password_the_change_goes_through(world, signed_in):
    client = signed_in("manager_a")
    response = client.post(url_for(world.service_a), policy(min_age="12"))
    response = client.post(response["Location"], {"password": "a-long-test-password-42"})
    assert response.status_code == 302
    assert response["Location"] == reverse("network:service_detail", kwargs={"ref": world.service_a.uuid})
    assert policy_of(world.service_a)["min_age"] == 12
    assert changes_recorded(world.service_a).get().detail == {"min_age": {"before": 8, "after": 12}}


def test_feedback_settings_are_bounded_and_saved(world, signed_in):
    from hubspoke.conftest import mark_recently_authenticated

    client = signed_in("manager_a", recent=True)
    wrong = client.post(url_for(world.service_a), policy(feedback_every_weeks="52", feedback_link_days="0"))
    text = wrong.content.decode()
    assert wrong.status_code == 400
    assert "How often feedback falls due must be between 4 and 26" in text
    assert "How long a feedback link works must be between 1 and 14" in text
    mark_recently_authenticated(client)
    client.post(url_for(world.service_a), policy(feedback_every_weeks="8", feedback_link_days="3"))
    world.service_a.refresh_from_db()
    assert (world.service_a.feedback_every_weeks, world.service_a.feedback_link_days) == (8, 3)
