"""The kinds of information that can leave a service, and the lawful bases for sharing them.

Agreements, consent records, disclosures and decisions not to share all speak of the same
categories, so that "does this route cover what is being shared?" is a comparison of two lists.
The apps that hold each kind of information say how to write it out for an extract
(``register_extract``), given at start-up, so that this app imports none of them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models


class Category(models.TextChoices):
    IDENTITY = "identity", "Identity and contact details"
    REFERRAL = "referral", "Referral and concerns"
    RISK = "risk", "Risk level and assessment summary"
    PLAN = "plan", "Plan and actions"
    MISSING = "missing", "Missing episodes"
    HEALTH = "health", "Health"
    RESTRICTED = "restricted", "Restricted notes"


# Special category information (UK GDPR Article 9: health, sex life) or close to it: an
# agreement covering any of these needs an Article 9 condition as well as an Article 6 basis.
# Concerns about sexual exploitation are information about a child's sex life.
SPECIAL_CATEGORIES = frozenset({Category.REFERRAL, Category.RISK, Category.MISSING, Category.HEALTH,
                                Category.RESTRICTED})


class Article6(models.TextChoices):
    """UK GDPR Article 6(1): the lawful basis for processing."""

    CONSENT = "consent", "Consent (Article 6(1)(a))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Article 6(1)(c))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (Article 6(1)(d))"
    PUBLIC_TASK = "public_task", "Public task (Article 6(1)(e))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"


class Article9(models.TextChoices):
    """UK GDPR Article 9(2) and the Data Protection Act 2018's Schedule 1: the condition for
    special category information."""

    NONE = "", "None: no special category information"
    EXPLICIT_CONSENT = "explicit_consent", "Explicit consent (Article 9(2)(a))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (Article 9(2)(c))"
    HEALTH_SOCIAL_CARE = "health_social_care", "Health or social care (Article 9(2)(h))"
    SAFEGUARDING = "safeguarding", (
        "Safeguarding of children and individuals at risk (Article 9(2)(g); DPA 2018 Schedule 1 paragraph 18)"
    )
    CRIME = "crime", "Preventing or detecting unlawful acts (Article 9(2)(g); DPA 2018 Schedule 1 paragraph 10)"
    STATUTORY = "statutory", "Statutory purposes (Article 9(2)(g); DPA 2018 Schedule 1 paragraph 6)"


def labels(categories) -> list[str]:
    """Category labels in the order of the list above, whatever order they are stored in."""
    chosen = set(categories)
    return [label for value, label in Category.choices if value in chosen]


def needs_article9(categories) -> bool:
    return bool(set(categories) & SPECIAL_CATEGORIES)


# --- Extracts: what each category says about one young person ---------------------------

# writer(young_person, *, include_restricted: bool) -> str: plain text, a few lines at most,
# a fixed number of queries. Registered by the app that holds the information.
_writers: dict[str, Callable[..., str]] = {}


def register_extract(category: str, writer: Callable[..., str]) -> None:
    if category not in Category.values:
        raise ValueError(f"Unknown category {category!r}.")
    _writers[category] = writer


def extract_writer(category: str) -> Callable[..., str] | None:
    return _writers.get(category)
