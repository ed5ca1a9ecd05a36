"""Everything the engagement app holds about one young person, for a subject access request:
the consultations with professionals that became part of their record, and the challenges the
service raised about their case, with each stage and response. Three queries however many."""

from __future__ import annotations

from django.db.models import Q

from hubspoke.engagement.models import Challenge, ChallengeStep, Consultation
from hubspoke.lib.personal_data import Entry, Field, Part


def gather(young_person) -> list[Part]:
    entries = []
    for c in (Consultation.objects.filter(Q(young_person=young_person) | Q(referral__young_person=young_person))
              .select_related("worker").order_by("held_on", "pk")):
        fields = [
            Field(key="professional", label="Professional",
                  text=", ".join(filter(None, (c.get_agency_type_display(), c.professional_role)))),
            Field(key="method", label="How they asked", text=c.get_method_display()),
            Field(key="concern", label="Concern", text=c.concern),
            Field(key="advice", label="Advice given", text=c.advice),
            Field(key="outcome", label="What followed",
                  text=c.get_outcome_display() + (f": {c.signposted_to}" if c.signposted_to else "")),
            Field(key="worker", label="Given by", text=c.worker.full_name),
        ]
        entries.append(Entry(kind="engagement.consultation", ref=str(c.uuid),
                             title=f"Consultation with a professional on {c.held_on:%-d %B %Y}", when=c.held_on,
                             fields=tuple(fields)))
    challenges = list(Challenge.objects.filter(case__young_person=young_person).select_related("worker")
                      .order_by("held_on", "pk"))
    steps: dict[int, list[ChallengeStep]] = {}
    for step in ChallengeStep.objects.filter(challenge__in=challenges).order_by("challenge_id", "stage"):
        steps.setdefault(step.challenge_id, []).append(step)
    for ch in challenges:
        fields = [
            Field(key="about", label="About", text=f"{ch.get_about_display()} ({ch.get_agency_type_display()})"),
            Field(key="issue", label="The issue", text=ch.issue),
        ]
        for step in steps.get(ch.pk, []):
            text = f"Raised {step.raised_on:%-d %B %Y} with {step.raised_with}."
            if step.response_on:
                text += f"\nTheir response, {step.response_on:%-d %B %Y}: {step.response}"
            fields.append(Field(key=f"stage:{step.stage}", label=step.get_stage_display(), text=text))
        fields.append(Field(key="outcome", label="Outcome", text=ch.get_outcome_display() + (
            f" on {ch.ended_on:%-d %B %Y}. {ch.outcome_note}" if ch.ended_on else "")))
        entries.append(Entry(kind="engagement.challenge", ref=str(ch.uuid),
                             title=f"Challenge raised on {ch.held_on:%-d %B %Y}", when=ch.held_on,
                             fields=tuple(fields)))
    return [Part(key="engagement", title="Work with other agencies about them", entries=tuple(entries))] \
        if entries else []
