"""What the sharing app gives the apps below it at start-up: its notification kinds, its
kinds of record for the audit trail, its panel on the young person's page, the rule of what
is shared with an agency (``network.scoping``), the extracts of the information the referrals
app holds, and the first consent record of an accepted referral."""

from django.urls import reverse

from hubspoke.lib.dates import format_date


def register():
    from hubspoke.audit import registry
    from hubspoke.network import scoping
    from hubspoke.notifications.registry import register_kind
    from hubspoke.referrals import panels, signals
    from hubspoke.sharing import access, actions, categories, queries
    from hubspoke.sharing.panel import young_person_panel

    register_kind(actions.SAFEGUARDING_SHARE, message="A one-off safeguarding share was made without consent "
                  "or an agreement", group="One-off safeguarding shares",
                  url=lambda ref: reverse("sharing:disclosure", kwargs={"ref": ref}))
    register_kind(actions.NEW_REQUEST, message="A partner agency has asked for information",
                  group="Requests for information",
                  url=lambda ref: reverse("sharing:request", kwargs={"ref": ref}))
    register_kind(actions.REQUEST_ANSWERED, message="Your request for information has been answered",
                  group="Answers to your requests",
                  url=lambda ref: reverse("sharing:request", kwargs={"ref": ref}))
    registry.register_subject("sharing.agreement", label="information-sharing agreement",
                              get_for_manager=access.get_agreement_for_manager)
    registry.register_subject("sharing.disclosure", label="disclosure",
                              get_for_manager=access.get_disclosure_for_manager)
    scoping.provide_shared_rule(queries.shared_rule)
    panels.register("sharing", template="sharing/_young_person_panel.html", context=young_person_panel)
    categories.register_extract(categories.Category.IDENTITY, identity_extract)
    categories.register_extract(categories.Category.REFERRAL, referral_extract)
    signals.referral_accepted.connect(_consent_from_referral, dispatch_uid="sharing.consent_from_referral")


def _consent_from_referral(sender, *, referral, actor, request=None, **kwargs):
    from hubspoke.sharing import actions

    actions.consent_from_referral(actor=actor, referral=referral, request=request)


def identity_extract(person, *, include_restricted: bool = False) -> str:
    from hubspoke.referrals.models import YoungPersonContact

    born = (format_date(person.date_of_birth) if person.date_of_birth
            else f"not known (about {person.estimated_age})" if person.estimated_age else "not known")
    lines = [f"Name: {person.first_name} {person.last_name}" + (f" (known as {person.known_as})"
                                                                 if person.known_as else ""),
             f"Date of birth: {born}", f"Gender: {person.get_gender_display()}"]
    if person.local_authority_id:
        lines.append(f"Local authority: {person.local_authority.name}")
    contact = YoungPersonContact.objects.filter(young_person=person).first()
    if contact is not None:
        for label, value in (("Phone", contact.phone), ("Email", contact.email),
                             ("Address", " ".join(filter(None, [contact.address, contact.postcode])))):
            if value:
                lines.append(f"{label}: {value}")
    return "\n".join(lines)


def referral_extract(person, *, include_restricted: bool = False) -> str:
    from hubspoke.referrals.models import Referral

    latest = (Referral.objects.filter(young_person=person).select_related("referring_agency")
              .order_by("-received_at").first())
    if latest is None:
        return ""
    source = latest.referring_agency.name if latest.referring_agency_id else latest.get_pathway_display()
    return (f"Referred on {format_date(latest.received_at.date())} by {source} "
            f"({latest.get_urgency_display().lower()}).\nConcerns: {latest.concerns}")
