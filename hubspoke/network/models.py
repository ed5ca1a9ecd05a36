"""The network: who funds what, which services and spokes exist where, who works in them.

No I/O and no business rules here: writes go through ``actions.py``, reads through
``queries.py``, and who may see what is decided in ``scoping.py`` alone."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.names import VisibleCharactersOnly


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Programme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True, validators=[VisibleCharactersOnly()])
    description = models.TextField(blank=True)
    # Month (1–12) in which the programme's monitoring year starts; returns count quarters from it.
    year_start_month = models.PositiveSmallIntegerField(default=4)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12),
                name="network_programme_year_start_month_valid",
                violation_error_message="The month the programme's year starts must be a number from 1 to 12",
            )
        ]

    def __str__(self):
        return self.name


class Funder(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="funders")
    name = models.CharField(max_length=200, validators=[VisibleCharactersOnly()])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(
            fields=["programme", "name"], name="network_funder_unique_name",
            violation_error_message="The programme already has a funder with this name",
        )]

    def __str__(self):
        return self.name


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="phases")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, blank=True, validators=[VisibleCharactersOnly()])
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="network_phase_unique_number",
                violation_error_message="The programme already has a phase with this number",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_phase_dates_ordered",
                violation_error_message="The phase's end date must be the same as or after its start date",
            ),
        ]

    def __str__(self):
        return self.name or f"Phase {self.number}"


class HubSpokeModel(models.Model):
    """A numbered arrangement of hub and spoke (for example a spoke worker co-located in a
    police team, managed by the hub)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="models")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=150, validators=[VisibleCharactersOnly()])
    description = models.TextField()

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = "hub and spoke model"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="network_model_unique_number",
                violation_error_message="The programme already has a Hub and Spoke model with this number",
            ),
        ]

    def __str__(self):
        return f"Model {self.number}: {self.name}"


class LocalAuthority(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150, unique=True, validators=[VisibleCharactersOnly()])
    # ONS (GSS) code, e.g. E06000052. Returns break figures down by it.
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    region = models.CharField(max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ons_code__regex=r"^E[0-9]{8}$"), name="network_la_ons_code_format",
                violation_error_message="Enter the ONS code as E followed by 8 numbers, like E10000002",
            ),
        ]

    def __str__(self):
        return self.name


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    HEALTH_SARC = "health_sarc", "Health: Sexual Assault Referral Centre (SARC)"
    HEALTH_CAMHS = "health_camhs", "Health: CAMHS"
    HEALTH_OTHER = "health_other", "Health: other"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A host or referring agency. Partners belong to an agency and see only what it sent or
    what is shared with it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, validators=[VisibleCharactersOnly()])
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "local_authority"], name="network_agency_unique_name",
                violation_error_message="An agency with this name already exists in this local authority",
            ),
        ]

    def __str__(self):
        return self.name


class WaitingListPolicy(models.TextChoices):
    WAITING_LIST = "waiting_list", "Keeps a waiting list"
    NO_WAITING_LIST = "no_waiting_list", "No waiting list: children's social care keeps supporting the child"


class CoWorkedCases(models.TextChoices):
    """How a case a worker co-works (not leads) counts in their load."""

    NOT_COUNTED = "not_counted", "Not counted: only the lead worker's load"
    HALF = "half", "Half the case's weight"
    FULL = "full", "The case's full weight, as for the lead worker"


class Service(models.Model):
    """A hub: an established CSE service funded by the programme."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="services")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200, validators=[VisibleCharactersOnly()])
    organisation = models.CharField(max_length=200, validators=[VisibleCharactersOnly("Organisation")])
    region = models.CharField(max_length=20, choices=Region.choices)
    waiting_list_policy = models.CharField(
        max_length=20, choices=WaitingListPolicy.choices, default=WaitingListPolicy.WAITING_LIST
    )
    is_active = models.BooleanField(default=True)
    # Referral policy: the ages the service works with, its timeliness targets (England's
    # working days), and whether workers as well as managers may make triage decisions.
    min_age = models.PositiveSmallIntegerField(default=8)
    max_age = models.PositiveSmallIntegerField(default=25)
    decision_target_working_days = models.PositiveSmallIntegerField(
        default=3, help_text="A decision on a new referral is due within this many working days."
    )
    first_contact_target_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="First contact with the young person is due within this many working days of acceptance."
    )
    workers_may_triage = models.BooleanField(
        default=False, help_text="Let hub and spoke workers, not only managers, decide on referrals."
    )
    # How co-worked cases count in a worker's load (cases.queries.loads_of).
    co_worked_cases = models.CharField(max_length=12, choices=CoWorkedCases.choices,
                                       default=CoWorkedCases.NOT_COUNTED, db_default=CoWorkedCases.NOT_COUNTED)
    # Whether work with a young person can carry on past 18 (to 25), or ends with a transition.
    supports_to_25 = models.BooleanField(
        default=True, help_text="Keep working with young people after they turn 18, up to 25."
    )
    # Whether a young person's own story (hubspoke.stories) is checked by a service manager
    # other than its author before it is given to them.
    stories_need_manager_check = models.BooleanField(
        default=False, db_default=False,
        help_text="A manager checks each young person's story before it is given to them.",
    )
    # Young people's feedback on their support (hubspoke.participation): due when a case opens
    # and then every this many weeks; a link sent for it works for this many days.
    feedback_every_weeks = models.PositiveSmallIntegerField(default=13, db_default=13)
    feedback_link_days = models.PositiveSmallIntegerField(default=7, db_default=7)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="network_service_unique_name",
                violation_error_message="The programme already has a service with this name",
            ),
            models.CheckConstraint(
                condition=Q(min_age__lte=models.F("max_age")), name="network_service_age_range_ordered",
                violation_error_message="The youngest age must be the same as or lower than the oldest age",
            ),
        ]

    def __str__(self):
        return self.name


class Spoke(models.Model):
    """A specialist worker post placed by a hub in a host agency, in a local authority."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="spokes")
    name = models.CharField(max_length=200, validators=[VisibleCharactersOnly()])
    host_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_spokes",
        help_text="Leave empty for a spoke with no fixed base.",
    )
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="spokes")
    model = models.ForeignKey(HubSpokeModel, on_delete=models.PROTECT, related_name="spokes")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["service", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"], name="network_spoke_unique_name",
                violation_error_message="The service already has a spoke with this name",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_spoke_dates_ordered",
                violation_error_message="The spoke's end date must be the same as or after its start date",
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    SPOKE_WORKER = "spoke_worker", "Spoke worker"
    HUB_WORKER = "hub_worker", "Hub worker"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PARTNER = "partner", "Partner"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    EVALUATOR = "evaluator", "Evaluator"
    EXCHANGE_LEAD = "exchange_lead", "Knowledge-exchange lead"
    ADMINISTRATOR = "administrator", "Administrator"


# Which kind of place each role's membership attaches to. The database enforces the same.
ROLE_TARGET = {
    Role.SPOKE_WORKER: "spoke",
    Role.HUB_WORKER: "service",
    Role.SERVICE_MANAGER: "service",
    Role.PARTNER: "agency",
    Role.PROGRAMME_LEAD: "programme",
    Role.EVALUATOR: "programme",
    Role.EXCHANGE_LEAD: "programme",
    Role.ADMINISTRATOR: "programme",
}


def _membership_target_constraint():
    condition = Q()
    fields = ("programme", "service", "spoke", "agency")
    for target in fields:
        roles = [role for role, t in ROLE_TARGET.items() if t == target]
        only_target = Q(**{f"{target}__isnull": False}) & Q(
            **{f"{other}__isnull": True for other in fields if other != target}
        )
        condition |= Q(role__in=roles) & only_target
    return models.CheckConstraint(
        condition=condition, name="network_membership_target_matches_role",
        violation_error_message=(
            "Select only the place that goes with the role: a spoke for a spoke worker, a service for a hub worker or"
            " service manager, an agency for a partner, the programme for the other roles"
        ),
    )


class Membership(models.Model):
    """A person's role in one place of the network, for a period. Everything a person may see
    follows from their memberships that are current today."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    # The caseload a worker can carry at once; managers compare allocations against it.
    caseload_capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    # The last day in the role: the person keeps access until the end of that day.
    ends_on = models.DateField(null=True, blank=True)
    # Set when access was ended at once ("they have left"): from this moment the membership
    # no longer counts, whatever ends_on says.
    access_ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "role"]
        indexes = [
            # scoping.scope_for() reads a person's current memberships on every request.
            models.Index(fields=["person", "ends_on"], name="network_membership_current"),
        ]
        constraints = [
            _membership_target_constraint(),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_membership_dates_ordered",
                violation_error_message="The end date must be the same as or after the start date",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} at {self.place}"

    @property
    def place(self):
        return self.spoke or self.service or self.agency or self.programme


class PostLocation(models.TextChoices):
    HUB = "hub", "Hub"
    SPOKE = "spoke", "Spoke"


class Post(models.Model):
    """A funded staff post, filled or vacant: the snapshot survey confirms these."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="posts")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="posts")
    title = models.CharField(max_length=150, validators=[VisibleCharactersOnly("Title")])
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2)
    location = models.CharField(max_length=10, choices=PostLocation.choices)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="posts")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Empty while the post is vacant.",
    )
    # The first day the post was funded; empty for a post that began before records began.
    starts_on = models.DateField(null=True, blank=True, help_text="Leave empty if it began before records began.")
    # The last day of the post; empty while it goes on.
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["service", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_post_dates_ordered",
                violation_error_message="The date the post ends must be the same as or after the date it starts",
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0, fte__lte=1), name="network_post_fte_range",
                violation_error_message="The FTE must be more than 0 and no more than 1",
            ),
            models.CheckConstraint(
                condition=Q(location=PostLocation.HUB, spoke__isnull=True)
                | Q(location=PostLocation.SPOKE, spoke__isnull=False),
                name="network_post_location_matches_spoke",
                violation_error_message="Select a spoke for a post at a spoke, and no spoke for a post at the hub",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_vacant(self) -> bool:
        """Nobody holds it now. Its vacancies say when it was vacant; the monitoring return and
        the snapshot survey count by them (``network.queries``)."""
        return self.holder_id is None


class PostVacancy(models.Model):
    """A period in which a post was vacant, from its first vacant day to its last (empty while
    it is still vacant). A post's vacancies lie within its dates and do not overlap
    (``actions.check_post_vacancies``)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="vacancies")
    starts_on = models.DateField("vacant from")
    ends_on = models.DateField("vacant until", null=True, blank=True, help_text="Leave empty while it is vacant.")

    class Meta:
        ordering = ["post", "starts_on"]
        verbose_name_plural = "post vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_postvacancy_dates_ordered",
                violation_error_message="The date the vacancy ends must be the same as or after the date it starts",
            ),
        ]

    def __str__(self):
        until = f"{self.ends_on:%-d %B %Y}" if self.ends_on else "now"
        return f"Vacant from {self.starts_on:%-d %B %Y} to {until}"
