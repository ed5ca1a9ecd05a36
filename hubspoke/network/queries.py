"""Reads of the network, each a fixed number of queries however large the network grows."""

import datetime as dt

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Sum

from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Post, PostVacancy, Service, Spoke


def services_for_list(user) -> QuerySet[Service]:
    return (
        scoping.services_visible_to(user)
        .select_related("phase")
        .annotate(spoke_count=Count("spokes", distinct=True))
        .order_by("name")
    )


def spokes_of(service: Service) -> QuerySet[Spoke]:
    return service.spokes.select_related("host_agency", "local_authority", "model").order_by("name")


def team_of_service(service: Service) -> QuerySet[Membership]:
    """Current memberships at the service or at any of its spokes."""
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(Q(service=service) | Q(spoke__service=service))
        .select_related("person", "spoke")
        .order_by("person__full_name", "role")
    )


def team_of_spoke(spoke: Spoke) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(scoping.current_memberships_q(), spoke=spoke)
        .select_related("person")
        .order_by("person__full_name")
    )


def managers_of(service_ids) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(scoping.current_memberships_q(), role="service_manager", service_id__in=service_ids)
        .select_related("person", "service")
        .order_by("service__name", "person__full_name")
    )


def partners_of(agency_ids) -> QuerySet[Membership]:
    """The current partners of these agencies: who sees the agency's referrals."""
    return (
        Membership.objects.filter(scoping.current_memberships_q(), role="partner", agency_id__in=agency_ids)
        .select_related("person", "agency")
        .order_by("person__full_name")
    )


def posts_between_q(start: dt.date, end: dt.date) -> Q:
    """Posts in existence at any time from ``start`` to ``end`` (both days included): begun by
    ``end`` (an empty start is before records began) and not ended before ``start``."""
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=end)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))


def posts_on(day: dt.date) -> QuerySet[Post]:
    """The posts in existence on ``day``, each with ``vacant_that_day``: a post is vacant on a day
    one of its vacancies covers; a post with no vacancies recorded is vacant if nobody holds it
    now (``Post.is_vacant``), as it was before posts had dates."""
    covering = PostVacancy.objects.filter(post=OuterRef("pk"), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    recorded = PostVacancy.objects.filter(post=OuterRef("pk"))
    vacant = Exists(covering) | (~Exists(recorded) & Q(holder__isnull=True))
    return Post.objects.filter(posts_between_q(day, day)).annotate(
        vacant_that_day=ExpressionWrapper(vacant, output_field=BooleanField()))


def not_ended_q() -> Q:
    """Posts that have not ended by today (including those funded from a later date)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=today())


def posts_of(service: Service) -> QuerySet[Post]:
    return (
        service.posts.filter(not_ended_q()).select_related("spoke", "funder", "holder").order_by("location", "title")
    )


def programme_summary(programme_ids) -> dict:
    """Network figures for programme-level roles: counts only, never a person."""
    services = Service.objects.filter(programme_id__in=programme_ids, is_active=True)
    spokes = Spoke.objects.filter(service__programme_id__in=programme_ids)
    posts = Post.objects.filter(not_ended_q(), service__programme_id__in=programme_ids)
    return {
        "by_phase": list(
            services.values("phase__number")
            .annotate(services=Count("id", distinct=True), spokes=Count("spokes", distinct=True))
            .order_by("phase__number")
        ),
        "by_region": list(services.values("region").annotate(services=Count("id")).order_by("region")),
        "by_model": list(
            spokes.values("model__number", "model__name").annotate(spokes=Count("id")).order_by("model__number")
        ),
        "by_host_type": list(
            spokes.values("host_agency__agency_type").annotate(spokes=Count("id")).order_by("host_agency__agency_type")
        ),
        "posts": posts.aggregate(
            filled_fte=Sum("fte", filter=Q(holder__isnull=False)),
            vacant_fte=Sum("fte", filter=Q(holder__isnull=True)),
            filled=Count("id", filter=Q(holder__isnull=False)),
            vacant=Count("id", filter=Q(holder__isnull=True)),
        ),
        "totals": {
            "services": services.count(),
            "spokes": spokes.count(),
            "local_authorities": spokes.values("local_authority").distinct().count(),
        },
    }


def spokes_hosted_by(agency_ids) -> QuerySet[Spoke]:
    return (
        Spoke.objects.filter(host_agency_id__in=agency_ids)
        .select_related("service", "local_authority", "host_agency", "model")
        .order_by("service__name", "name")
    )
