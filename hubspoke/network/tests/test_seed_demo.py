"""The demo programme: big enough to look real, deterministic, idempotent and audited."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from hubspoke.accounts.models import User
from hubspoke.audit.models import AuditEvent
from hubspoke.lib.dates import today
from hubspoke.network.actions import check_post_vacancies
from hubspoke.network.demo import DEFAULT_PASSWORD, SEEDER_EMAIL, build_plan, seed_demo
from hubspoke.network.models import (
    Agency,
    AgencyType,
    Funder,
    HubSpokeModel,
    LocalAuthority,
    Membership,
    Phase,
    Post,
    PostVacancy,
    Programme,
    Role,
    Service,
    Spoke,
    WaitingListPolicy,
)
from hubspoke.network.scoping import current_memberships_q

pytestmark = pytest.mark.django_db

STAFF_ROLES = (Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER)
MODELS = (Programme, Funder, Phase, HubSpokeModel, LocalAuthority, Agency, Service, Spoke, Membership, Post,
          PostVacancy, User, AuditEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> dict[str, list]:
    """Everything the seed decides, in a form that can be compared across databases."""
    return {
        "services": list(Service.objects.order_by("name").values_list("name", "phase__number", "waiting_list_policy")),
        "spokes": list(Spoke.objects.order_by("name").values_list("name", "local_authority__ons_code", "starts_on")),
        "people": list(User.objects.order_by("email").values_list("email", "full_name", "is_staff")),
        "memberships": sorted(
            Membership.objects.values_list("person__email", "role", "starts_on", "caseload_capacity")
        ),
        "posts": sorted(Post.objects.values_list("service__name", "title", "fte", "funder__name", "holder__email",
                                                 "starts_on")),
        "vacancies": sorted(PostVacancy.objects.values_list("post__service__name", "post__title", "starts_on",
                                                            "ends_on")),
    }


class _Rollback(Exception):
    pass


def test_builds_a_realistic_programme():
    result = seed_demo()

    programme = Programme.objects.get()
    assert programme.year_start_month == 4
    assert set(programme.funders.values_list("name", flat=True)) >= {
        "Comic Relief", "Esmée Fairbairn Foundation", "Henry Smith Charity", "Lankelly Chase Foundation",
    }
    assert 14 <= Service.objects.count() <= 18
    assert set(Service.objects.values_list("phase__number", flat=True)) == {1, 2, 3}
    assert set(Service.objects.values_list("waiting_list_policy", flat=True)) == set(WaitingListPolicy.values)
    assert Spoke.objects.count() >= 30
    assert 4 <= HubSpokeModel.objects.count() <= 6

    # Every spoke sits in a real-looking LA; hosts cover every kind of agency, and some have none.
    for code in Spoke.objects.values_list("local_authority__ons_code", flat=True):
        assert re.fullmatch(r"E\d{8}", code)
    host_types = set(Spoke.objects.filter(host_agency__isnull=False).values_list("host_agency__agency_type", flat=True))
    assert host_types == set(AgencyType.values)
    assert Spoke.objects.filter(host_agency__isnull=True).exists()

    current = Membership.objects.filter(current_memberships_q())
    staff = current.filter(role__in=STAFF_ROLES).values("person").distinct().count()
    assert staff >= 60
    for role in Role.values:
        assert current.filter(role=role).exists(), role
    assert current.count() == Membership.objects.count()  # every membership is current today
    assert not Membership.objects.filter(starts_on__gt=today()).exists()
    assert not Membership.objects.filter(ends_on__isnull=False).exists()
    assert set(current.filter(role=Role.SPOKE_WORKER).values_list("caseload_capacity", flat=True)) <= set(range(8, 16))

    # Posts: hub and spoke, some vacant.
    assert Post.objects.filter(location="hub").exists() and Post.objects.filter(location="spoke").exists()
    assert Post.objects.filter(holder__isnull=True).exists()
    assert not Post.objects.filter(fte__lt="0.5").exists()
    # Posts over time: each starts by today and has not ended; every vacant post has a vacancy
    # open today, some filled posts were vacant for a while, and every post's vacancies keep the rules.
    assert not Post.objects.filter(starts_on__isnull=True).exists()
    assert not Post.objects.filter(starts_on__gt=today()).exists()
    assert not Post.objects.filter(ends_on__isnull=False).exists()
    for post in Post.objects.filter(holder__isnull=True):
        assert post.vacancies.filter(ends_on__isnull=True, starts_on__lte=today()).exists(), post
    assert PostVacancy.objects.filter(post__holder__isnull=False).count() >= 5
    assert not PostVacancy.objects.filter(post__holder__isnull=False, ends_on__isnull=True).exists()
    for post in Post.objects.prefetch_related("vacancies"):
        check_post_vacancies(post=post, vacancies=[(v.starts_on, v.ends_on) for v in post.vacancies.all()])

    # Every seeded account is a demo account at the reserved domain, with the one password.
    assert not User.objects.filter(is_demo=False).exists()
    assert not User.objects.exclude(email__endswith="@demo.hubspoke.invalid").exists()
    people = User.objects.exclude(email=SEEDER_EMAIL)
    assert people.values("password").distinct().count() == 1
    assert people.first().check_password(DEFAULT_PASSWORD)
    assert not User.objects.get(email=SEEDER_EMAIL).has_usable_password()

    # The administrator can open the administration site (staff, with a current administrator role).
    assert User.objects.filter(memberships__role=Role.ADMINISTRATOR, is_staff=True).count() == 1

    # One example sign-in per role, each really holding that role.
    assert [s.role for s in result.sign_ins] == [
        "Service manager", "Hub worker", "Spoke worker", "Partner",
        "Programme lead", "Evaluator", "Knowledge-exchange lead", "Administrator",
    ]
    for sign_in in result.sign_ins:
        role = next(value for value, label in Role.choices if label == sign_in.role)
        assert current.filter(person__email=sign_in.email, role=role).exists()


def test_running_twice_changes_nothing():
    first = seed_demo()
    before = counts()
    passwords = dict(User.objects.values_list("email", "password"))

    second = seed_demo()

    assert counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert not any(second.created.values())
    assert second.passwords_reset == 0
    assert second.sign_ins == first.sign_ins


def test_same_seed_same_data_and_another_seed_other_people():
    with pytest.raises(_Rollback), transaction.atomic():
        seed_demo(seed=7)
        first = snapshot()
        raise _Rollback
    assert not Service.objects.exists()

    seed_demo(seed=7)

    assert snapshot() == first
    names = [p.full_name for p in build_plan(seed=7).people]
    assert names == [p.full_name for p in build_plan(seed=7).people]
    assert names != [p.full_name for p in build_plan(seed=8).people]


def test_memberships_services_and_spokes_are_audited_with_the_seeder_as_actor():
    seed_demo()
    seeder = User.objects.get(email=SEEDER_EMAIL)

    events = AuditEvent.objects.filter(action="network.membership.created")
    assert set(events.values_list("subject_ref", flat=True)) == {
        str(ref) for ref in Membership.objects.values_list("uuid", flat=True)
    }
    assert set(events.values_list("actor", "actor_role")) == {(seeder.pk, Role.ADMINISTRATOR)}
    assert AuditEvent.objects.filter(action="network.service.created", actor=seeder).count() == Service.objects.count()
    assert AuditEvent.objects.filter(action="network.spoke.created", actor=seeder).count() == Spoke.objects.count()


def test_a_new_password_is_put_back_on_existing_accounts():
    seed_demo(password="first-demo-password")
    result = seed_demo(password="second-demo-password")

    assert result.passwords_reset == User.objects.exclude(email=SEEDER_EMAIL).count()
    assert not any(result.created.values())
    user = User.objects.get(email=result.sign_ins[0].email)
    assert user.check_password("second-demo-password")


def test_command_prints_one_sign_in_per_role_and_the_password(monkeypatch):
    # The later apps' demo records are tested in their own apps; leave them out here.
    monkeypatch.setattr("hubspoke.home.demo.STEPS", ())
    out = StringIO()
    call_command("seed_demo", "--seed", "2026", "--password", "a-demo-password", stdout=out)
    text = out.getvalue()

    for label in ("Service manager", "Hub worker", "Spoke worker", "Partner", "Programme lead", "Evaluator",
                  "Knowledge-exchange lead", "Administrator"):
        assert label in text
    assert "a-demo-password" in text
    assert "HUBSPOKE_DEMO=1" in text and "second factor" in text
    assert User.objects.get(email="manager.street-safe@demo.hubspoke.invalid").check_password("a-demo-password")


def test_refused_in_production_mode(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
