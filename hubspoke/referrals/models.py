"""Young people and the referrals that bring them to a service.

A young person's record belongs to one service (and, where held there, one spoke): the same
child known to two services has two records, and neither service learns more of the other's
than that a possible match exists and whom to contact. Referrals keep the details exactly as
the referrer gave them; staff link a referral to a young person's record at triage, after
searching for possible matches. No I/O and no business rules here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.network.models import Agency, LocalAuthority, Service, Spoke


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Gender(models.TextChoices):
    GIRL = "girl", "Girl or young woman"
    BOY = "boy", "Boy or young man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "self_described", "They describe it another way"
    NOT_KNOWN = "not_known", "Not known"


class SelfIdentified(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefers not to say"
    NOT_ASKED = "not_asked", "Not asked"


class Ethnicity(models.TextChoices):
    """The 19 categories of the 2021 Census in England, grouped by the first word."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "black_other", "Black, Black British, Caribbean or African: any other background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed or multiple: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Mixed or multiple: any other background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: any other"
    NOT_KNOWN = "not_known", "Not known"
    PREFER_NOT = "prefer_not", "Prefers not to say"


class CareStatus(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    NONE = "none", "None"
    NOT_KNOWN = "not_known", "Not known"


class EducationStatus(models.TextChoices):
    IN_SCHOOL = "in_school", "In school"
    IN_COLLEGE = "in_college", "In college or sixth form"
    ALTERNATIVE = "alternative", "Alternative provision or pupil referral unit"
    EXCLUDED = "excluded", "Excluded"
    NOT_IN_EDUCATION = "not_in_education", "Not in education, employment or training"
    EMPLOYED = "employed", "Employed or in training"
    HOME_EDUCATED = "home_educated", "Educated at home"
    NOT_KNOWN = "not_known", "Not known"


class YoungPerson(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="young_people")
    # Where the young person's work is held: a spoke, or the hub itself when empty.
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="young_people")

    first_name = models.CharField(max_length=100, validators=[VisibleCharactersOnly("First name")])
    last_name = models.CharField(max_length=100, validators=[VisibleCharactersOnly("Last name")])
    known_as = models.CharField(max_length=100, blank=True, validators=[VisibleCharactersOnly("Known as")])
    date_of_birth = models.DateField(null=True, blank=True)
    # When the date of birth is not known, an estimated age at the time it was recorded.
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_on = models.DateField(null=True, blank=True)

    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    gender_self_described = models.CharField(max_length=100, blank=True)
    trans = models.CharField("trans (self-identified)", max_length=12, choices=SelfIdentified.choices,
                             default=SelfIdentified.NOT_ASKED)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, default=Ethnicity.NOT_KNOWN)
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    disability = models.CharField(max_length=12, choices=YesNoUnknown.choices, default=YesNoUnknown.NOT_KNOWN)
    learning_disability = models.CharField(max_length=12, choices=YesNoUnknown.choices,
                                           default=YesNoUnknown.NOT_KNOWN)
    autism = models.CharField(max_length=12, choices=YesNoUnknown.choices, default=YesNoUnknown.NOT_KNOWN)
    lgbt = models.CharField("LGBT+ (self-identified)", max_length=12, choices=SelfIdentified.choices,
                            default=SelfIdentified.NOT_ASKED)
    care_status = models.CharField(max_length=20, choices=CareStatus.choices, default=CareStatus.NOT_KNOWN)
    unaccompanied_asylum_seeking = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="young_people", verbose_name="local authority of residence")
    education_status = models.CharField(max_length=20, choices=EducationStatus.choices,
                                        default=EducationStatus.NOT_KNOWN)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "young people"
        indexes = [
            # Matching by date of birth within a service.
            models.Index(fields=["service", "date_of_birth"], name="referrals_yp_service_dob"),
        ]
        constraints = [
            # An estimated age stands in for an unknown date of birth, never beside a known one.
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(estimated_age__isnull=True),
                name="referrals_yp_dob_or_estimate",
                violation_error_message="Give a date of birth or an estimated age, not both",
            ),
        ]

    def __str__(self):
        name = self.known_as or self.first_name
        return f"{name} {self.last_name}"


class YoungPersonName(models.Model):
    """Every name a young person is known by (legal, known-as, aliases), normalised and coded
    for matching. Rebuilt by the actions whenever names change."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=100, validators=[VisibleCharactersOnly("Other names")])
    is_alias = models.BooleanField(default=False)
    # Lower-case letters only, and a phonetic code, so "Kayleigh"/"Kaylee" and "Mohammed"/
    # "Muhammad" meet. Matching queries these columns, never the raw names.
    normalised = models.CharField(max_length=100)
    sound = models.CharField(max_length=8)

    class Meta:
        indexes = [
            models.Index(fields=["sound"], name="referrals_ypname_sound"),
            models.Index(fields=["normalised"], name="referrals_ypname_normalised"),
        ]

    def __str__(self):
        return self.name


class YoungPersonContact(models.Model):
    """Contact details and address: restricted. Seen only through access.get_young_person_contact_for(),
    which audits every look."""

    young_person = models.OneToOneField(YoungPerson, on_delete=models.CASCADE, related_name="contact")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    def __str__(self):
        return "Contact details"


class Pathway(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH_SARC = "health_sarc", "Health: Sexual Assault Referral Centre"
    HEALTH_CAMHS = "health_camhs", "Health: CAMHS"
    HEALTH_SEXUAL_HEALTH = "health_sexual_health", "Health: sexual health service"
    HEALTH_AE = "health_ae", "Health: A&E"
    HEALTH_GP = "health_gp", "Health: GP"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    PARENT_CARER = "parent_carer", "Parent or carer"
    SELF = "self", "Self-referral"
    OTHER = "other", "Other"


class ConcernTag(models.TextChoices):
    """Models of child sexual exploitation seen locally, and online elements."""

    INAPPROPRIATE_RELATIONSHIP = "inappropriate_relationship", "Inappropriate relationship"
    BOYFRIEND = "boyfriend", "'Boyfriend' model"
    PARTY = "party", "'Party' model"
    ORGANISED = "organised", "Organised, networked or commercial exploitation, trafficking"
    PEER_GANG = "peer_gang", "Exploitation by peers or in gangs"
    ONLINE = "online", "Online exploitation"
    ONLINE_ELEMENT = "online_element", "Online element to offline exploitation"
    CRIMINAL_OVERLAP = "criminal_overlap", "Overlap with criminal exploitation"
    GOING_MISSING = "going_missing", "Going missing"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    IMMEDIATE = "immediate", "Immediate risk of harm"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class LawfulBasis(models.TextChoices):
    """Where the young person refused consent to the referral, or it was not sought: the basis
    for sharing without it."""

    SAFEGUARDING = "safeguarding", "Safeguarding a child at risk of significant harm"
    CRIME_PREVENTION = "crime_prevention", "Prevention or detection of crime"
    PUBLIC_TASK = "public_task", "Statutory duty or public task"
    VITAL_INTERESTS = "vital_interests", "Protecting someone's life"
    # Only for referrals recorded as "refused" before a basis was asked for (migration 0004);
    # never offered, and refused by the actions for a new referral.
    NOT_RECORDED = "not_recorded", "Not recorded when the referral was made"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "New"
    AWAITING_INFORMATION = "awaiting_information", "Awaiting information"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed without a decision"


class Referral(models.Model):
    """One referral of one young person to one service, as the referrer gave it. The
    ``subject_*`` fields keep the referrer's own details of the young person; ``young_person``
    is set when staff match or create the record at triage."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What the referrer quotes, and staff are told, on the phone: "KX7P-M2QD" (actions.new_reference).
    reference = models.CharField(max_length=9, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="referrals")
    status = models.CharField(max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED)
    received_at = models.DateTimeField()

    # The young person, as the referrer described them.
    subject_first_name = models.CharField("first name", max_length=100,
                                          validators=[VisibleCharactersOnly("First name")])
    subject_last_name = models.CharField("last name", max_length=100,
                                         validators=[VisibleCharactersOnly("Last name")])
    subject_known_as = models.CharField("known as or other names", max_length=200, blank=True,
                                        validators=[VisibleCharactersOnly("Known as or other names")])
    subject_date_of_birth = models.DateField("date of birth", null=True, blank=True)
    subject_estimated_age = models.PositiveSmallIntegerField("estimated age", null=True, blank=True)
    subject_gender = models.CharField("gender", max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    subject_gender_self_described = models.CharField("how they describe their gender", max_length=100, blank=True)
    subject_local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                                                related_name="+", verbose_name="local authority of residence")

    # Who referred, and how.
    pathway = models.CharField(max_length=30, choices=Pathway.choices)
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="referrals_made")
    referrer_name = models.CharField(max_length=150, validators=[VisibleCharactersOnly("Referrer's name")])
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)

    concerns = models.TextField(help_text="In the referrer's own words.")
    concern_tags = models.JSONField(default=list, blank=True)  # ConcernTag values
    other_agencies_involved = models.TextField("other agencies involved", blank=True)
    urgency = models.CharField(max_length=12, choices=Urgency.choices, default=Urgency.ROUTINE)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices, blank=True)
    consent_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # One per rendered form: a double-submitted form finds the referral it already made.
    submission_token = models.UUIDField(unique=True)

    class Meta:
        indexes = [
            # The inbox: a service's referrals by status, oldest first.
            models.Index(fields=["service", "status", "received_at"], name="referrals_inbox"),
            # A partner's "my agency's referrals".
            models.Index(fields=["referring_agency", "-received_at"], name="referrals_by_agency"),
        ]
        constraints = [
            # Without consent, refused or not sought: the lawful basis and the reason. (The name
            # is older than the rule's reach to "refused".)
            models.CheckConstraint(
                condition=~Q(consent__in=["not_sought", "refused"]) | (~Q(lawful_basis="") & ~Q(consent_reason="")),
                name="referrals_not_sought_needs_basis_and_reason",
                violation_error_message="Select the lawful basis and enter why you are referring without consent",
            ),
            models.CheckConstraint(
                condition=Q(subject_date_of_birth__isnull=True) | Q(subject_estimated_age__isnull=True),
                name="referrals_subject_dob_or_estimate",
                violation_error_message="Give a date of birth or an estimated age, not both",
            ),
        ]

    def __str__(self):
        return f"Referral of {self.subject_first_name} {self.subject_last_name}"


class DeclineReason(models.TextChoices):
    NOT_CSE = "not_cse", "Concerns are not about sexual exploitation"
    BELOW_THRESHOLD = "below_threshold", "Below the service's threshold"
    OUTSIDE_AREA = "outside_area", "Lives outside the area the service covers"
    OUTSIDE_AGE = "outside_age", "Outside the ages the service works with"
    ALREADY_SUPPORTED = "already_supported", "Already supported by another service"
    DECLINED_BY_YOUNG_PERSON = "declined_by_young_person", "The young person does not want support"
    NO_CAPACITY = "no_capacity", "No capacity now, and no waiting list: children's social care keeps responsibility"
    OTHER = "other", "Other"


class DecisionKind(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    INFORMATION_REQUESTED = "information_requested", "Asked for more information"
    INFORMATION_PROVIDED = "information_provided", "Information given by the referrer"
    INFORMATION_RESOLVED = "information_resolved", "Information request resolved"
    CLOSED = "closed", "Closed without a decision"


class ReferralDecision(models.Model):
    """One step in a referral's history, in order. Written only by the triage actions; never
    changed afterwards."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=24, choices=DecisionKind.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    # Free text: the decision's rationale (internal), and for a decline what the referrer is
    # told and where the young person is signposted.
    notes = models.TextField(blank=True)
    reason_for_referrer = models.TextField(blank=True)
    signposting = models.TextField(blank=True)
    # For a request for information ("challenge"): what was asked, of whom, by when, and, once
    # resolved, what came of it.
    information_requested = models.TextField(blank=True)
    requested_from = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # Asked of the referring agency in Hubspoke: its partners see the question, as written, on
    # their referral and answer it there (an "information provided" step, its text in outcome).
    asked_in_hubspoke = models.BooleanField(default=False)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="declined") | (~Q(decline_reason="") & ~Q(reason_for_referrer="")),
                name="referrals_decline_needs_reasons",
                violation_error_message=(
                    "Select why the service is declining and enter what the referrer should be told"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="information_requested")
                | (~Q(information_requested="") & ~Q(requested_from="") & Q(due_on__isnull=False)),
                name="referrals_information_request_complete",
                violation_error_message=(
                    "Enter what is missing, who has been asked and when the information is needed by"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.decided_at:%d %b %Y}"
