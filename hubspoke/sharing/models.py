"""Information sharing: agreements with other agencies, the young person's consent, and the
record of every disclosure of information outside the service (and every decision not to
share). Nothing about a young person leaves a service except as a ``Disclosure``, made by
``actions.record_disclosure``, which refuses a route that does not cover what is shared.

Fields, choices and constraints only: the rules are in ``rules.py``, writes in ``actions.py``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.lib.storage import private_storage
from hubspoke.network.models import Agency, Service
from hubspoke.referrals.models import Referral, YoungPerson
from hubspoke.sharing.categories import Article6, Article9


def _agreement_path(instance, filename):
    # The stored name says nothing about the agreement (nor the uploader's file name): a random one.
    return f"agreements/{uuid.uuid4().hex}.pdf"


# --- Agreements ---------------------------------------------------------------------------


class Agreement(models.Model):
    """An information-sharing agreement between a service and other agencies. Its terms are
    in versions; ``current`` is the latest, the one that decides what it covers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="sharing_agreements")
    current = models.OneToOneField("AgreementVersion", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return self.current.title if self.current_id else "Information-sharing agreement"


class AgreementVersion(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, validators=[VisibleCharactersOnly("Title")])
    purpose = models.TextField()
    # The agencies that are parties besides the service itself.
    parties = models.ManyToManyField(Agency, related_name="sharing_agreement_versions")
    article6 = models.CharField("lawful basis (UK GDPR Article 6)", max_length=24, choices=Article6.choices)
    article9 = models.CharField("condition for special category information (Article 9)", max_length=24,
                                choices=Article9.choices, blank=True)
    categories = models.JSONField(default=list)  # Category values
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    document = models.FileField(storage=private_storage, upload_to=_agreement_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)  # the file's name as uploaded
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    change_note = models.TextField(blank=True)  # what changed from the version before
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="sharing_agreement_version_number",
                                    violation_error_message="This agreement already has a version with this number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="sharing_agreement_ends_after_start",
                violation_error_message="The end date must be the same as or after the start date",
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("starts_on")),
                name="sharing_agreement_review_after_start",
                violation_error_message="The review date must be the same as or after the start date",
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class Signatory(models.Model):
    """Who signed a version of an agreement for one party (the service itself when ``agency``
    is empty)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatories")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=150, validators=[VisibleCharactersOnly("Name")])
    role = models.CharField(max_length=150, validators=[VisibleCharactersOnly("Role")])
    signed_on = models.DateField()

    class Meta:
        ordering = ["version", "pk"]

    def __str__(self):
        return f"{self.name}, {self.role}"


# --- Consent ------------------------------------------------------------------------------


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Agreed"
    REFUSED = "refused", "Refused"
    # Only for the first record, made from a referral on which consent was not sought.
    NOT_SOUGHT = "not_sought", "Not asked"


class ConsentGiver(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    PARENT_CARER = "parent_carer", "A parent or carer"
    OTHER = "other", "Someone else with authority (for example a social worker for a child in care)"
    # Only for the first record, made from a referral: who gave it was not recorded.
    REFERRER = "referrer", "As recorded on the referral"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person, spoken"
    WRITTEN = "written", "In writing (a signed form)"
    PHONE = "phone", "By phone or video"
    MESSAGE = "message", "By text or email"
    REFERRAL = "referral", "On the referral"


class ConsentRecord(models.Model):
    """One dated consent decision about sharing a young person's information: who made it,
    the young person's understanding, what it covers (agencies and categories), how it was
    given, when to revisit it, and its withdrawal. The newest record that mentions an agency
    and a category decides for that pair (``rules.consent_covering``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="consent_records")
    decision = models.CharField(max_length=12, choices=ConsentDecision.choices)
    given_by = models.CharField(max_length=14, choices=ConsentGiver.choices)
    given_by_name = models.CharField("name of the person", max_length=150, blank=True,
                                     validators=[VisibleCharactersOnly("Name")])
    why_this_person = models.TextField("why this person decided", blank=True)
    competence_note = models.TextField("the young person's understanding", blank=True)
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)
    categories = models.JSONField(default=list)  # Category values
    method = models.CharField("how it was given", max_length=12, choices=ConsentMethod.choices)
    given_on = models.DateField("date")
    revisit_on = models.DateField("when to talk about it again", null=True, blank=True)
    notes = models.TextField(blank=True)
    # The referral this record was made from (the first record of a young person's consent).
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.CharField(max_length=14, choices=ConsentGiver.choices, blank=True)
    withdrawal_words = models.TextField("what the young person said", blank=True)
    withdrawal_recorded_at = models.DateTimeField(null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="+")

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["young_person", "-given_on"], name="sharing_consent_of_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(decision="given"),
                name="sharing_consent_only_given_is_withdrawn",
                violation_error_message="Only consent that was given can be withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="sharing_consent_withdrawn_after_given",
                violation_error_message="Consent is withdrawn on or after the day it was given",
            ),
            models.CheckConstraint(
                condition=Q(given_by__in=["young_person", "referrer"]) | ~Q(why_this_person=""),
                name="sharing_consent_other_giver_says_why",
                violation_error_message="Say why this person, not the young person, decided",
            ),
        ]

    def __str__(self):
        return f"Consent {self.get_decision_display().lower()} on {self.given_on:%d %B %Y}"


# --- Requests, disclosures and decisions not to share --------------------------------------


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    SHARED = "shared", "Information shared"
    NOT_SHARED = "not_shared", "Decided not to share"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent: a child may be at risk of harm"


class InformationRequest(models.Model):
    """A partner agency asks the service for information about a young person. The answer is
    a disclosure or a decision not to share, each linked back here."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="information_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    # A young person the partner can already see (one their agency referred or was told about);
    # otherwise ``about`` describes them and staff link the record when they answer.
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="information_requests")
    about = models.TextField("who the request is about", blank=True)
    categories = models.JSONField(default=list)
    what_is_needed = models.TextField("what you need to know")
    reason = models.TextField("why you need it")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["service", "status", "requested_at"], name="sharing_requests_of_service"),
            models.Index(fields=["agency", "-requested_at"], name="sharing_requests_of_agency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=False) | ~Q(about=""),
                name="sharing_request_names_its_subject",
                violation_error_message="Say who the request is about",
            ),
        ]

    def __str__(self):
        return f"Request for information from {self.agency}"


class Route(models.TextChoices):
    CONSENT = "consent", "Consent that covers it"
    AGREEMENT = "agreement", "An information-sharing agreement that covers it"
    SAFEGUARDING = "safeguarding", "A one-off safeguarding decision by a manager"
    # Made only by accepting a transfer of the young person's support to another service.
    TRANSFER = "transfer", "Handover to another service with the young person's support"
    # The young person's own information given to them, or to someone entitled to act for them
    # (their own story; an answer to a subject access request): ``record_given_to_subject``.
    SUBJECT = "subject", "Given to the young person, or to someone acting for them"


class SubjectRecipient(models.TextChoices):
    """Who was given the young person's own information."""

    YOUNG_PERSON = "young_person", "The young person"
    PARENT = "parent", "A parent or carer with parental responsibility"
    REPRESENTATIVE = "representative", "A solicitor or other representative with their authority"


class Disclosure(models.Model):
    """Information about one young person shared outside the service: with an agency (a
    person there), or with another service when the young person's support moves there. Made
    only by ``actions.record_disclosure`` (or a transfer's acceptance), which refuses a route
    that does not cover the agency and every category shared."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="disclosures")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="disclosures")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="disclosures_received")
    to_service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A database default too: rows written outside the ORM (the benchmark generator) go to an
    # agency or a service.
    to_subject = models.CharField("given to", max_length=16, choices=SubjectRecipient.choices, blank=True,
                                  default="", db_default="")
    recipient_name = models.CharField("name of the person told", max_length=150, blank=True,
                                      validators=[VisibleCharactersOnly("Name")])
    recipient_role = models.CharField("their role", max_length=150, blank=True,
                                      validators=[VisibleCharactersOnly("Role")])
    categories = models.JSONField(default=list)  # Category values, never empty
    # The young person's name as it was given to the recipient: what a partner sees them called,
    # whatever the record says later (a partner is never told a name the service did not give).
    disclosed_name = models.CharField("name given", max_length=300, blank=True)
    # Blank only where the extract says what was shared (the action requires one or the other).
    summary = models.TextField("what was shared", blank=True)
    # The extract written from the record at the time (categories.register_extract), if used.
    extract = models.TextField(blank=True)
    route = models.CharField(max_length=14, choices=Route.choices)
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="disclosures")
    agreement_version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="disclosures")
    article6 = models.CharField("lawful basis (Article 6)", max_length=24, choices=Article6.choices)
    article9 = models.CharField("condition (Article 9)", max_length=24, choices=Article9.choices, blank=True)
    reason = models.TextField("why it was shared")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_on = models.DateField("date shared")
    information_request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="disclosures")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["service", "-shared_on"], name="sharing_disclosure_log"),
            models.Index(fields=["young_person", "-shared_on"], name="sharing_disclosures_of_person"),
            models.Index(fields=["to_agency", "young_person"], name="sharing_disclosed_to_agency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_agency__isnull=False, to_service__isnull=True, to_subject="")
                           | Q(to_agency__isnull=True, to_service__isnull=False, to_subject="")
                           | (Q(to_agency__isnull=True, to_service__isnull=True) & ~Q(to_subject=""))),
                name="sharing_disclosure_one_recipient",
                violation_error_message="A disclosure goes to one agency, one service, or the young person",
            ),
            models.CheckConstraint(
                condition=Q(route="subject", to_subject__gt="") | (~Q(route="subject") & Q(to_subject="")),
                name="sharing_disclosure_subject_route",
                violation_error_message="Only the young person's own information given to them goes to them",
            ),
            models.CheckConstraint(
                condition=~Q(route="consent") | Q(consent__isnull=False),
                name="sharing_disclosure_consent_named",
                violation_error_message="Say which consent covers this",
            ),
            models.CheckConstraint(
                condition=~Q(route="agreement") | Q(agreement_version__isnull=False),
                name="sharing_disclosure_agreement_named",
                violation_error_message="Say which agreement covers this",
            ),
            models.CheckConstraint(
                condition=~Q(route="transfer") | Q(to_service__isnull=False),
                name="sharing_disclosure_transfer_to_service",
                violation_error_message="A handover goes to another service",
            ),
        ]

    def __str__(self):
        return f"Shared with {self.recipient} on {self.shared_on:%d %B %Y}"

    @property
    def recipient(self):
        """Who received it: the agency, the service, or (their own information) the young person
        or the person acting for them, by their relationship and name."""
        if self.to_subject:
            label = SubjectRecipient(self.to_subject).label
            if self.to_subject == SubjectRecipient.YOUNG_PERSON:
                return "the young person"
            return f"{label[0].lower()}{label[1:]}" + (f" ({self.recipient_name})" if self.recipient_name else "")
        return self.to_agency or self.to_service


class DecisionNotToShare(models.Model):
    """A recorded decision not to share: what was asked, by whom, and why not."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="decisions_not_to_share")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="decisions_not_to_share")
    asked_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    asked_by_name = models.CharField("who asked", max_length=150, blank=True,
                                     validators=[VisibleCharactersOnly("Who asked")])
    what_was_asked = models.TextField("what was asked for")
    categories = models.JSONField(default=list, blank=True)  # none where the question named no kind
    reason = models.TextField("why it was not shared")  # the service's own record, never shown to the agency
    # What the asking agency is told, in words written for them (a request's answer shows only this).
    told_to_agency = models.TextField("what we tell the agency", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("date decided")
    information_request = models.OneToOneField(InformationRequest, on_delete=models.PROTECT, null=True, blank=True,
                                               related_name="decision_not_to_share")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["service", "-decided_on"], name="sharing_not_shared_log"),
            models.Index(fields=["young_person", "-decided_on"], name="sharing_not_shared_of_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=False) | Q(information_request__isnull=False),
                name="sharing_not_shared_has_subject",
                violation_error_message="Say which young person, or which request, this decision is about",
            ),
        ]

    def __str__(self):
        return f"Decided not to share on {self.decided_on:%d %B %Y}"
