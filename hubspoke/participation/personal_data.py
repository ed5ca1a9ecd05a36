"""Everything the participation app holds about one young person, for a subject access request:
their feedback on their support, each answer in the words they chose, and the links sent to them
(when, how, and whether they were used), their answers to named surveys, the activities they
took part in, their consent to the use of their words or image, and the words of theirs kept.
Seven queries however many."""

from __future__ import annotations

from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.participation.models import FeedbackLink, Participant, Quote, SupportFeedback, SurveyResponse, UseConsent


def gather(young_person) -> list[Part]:
    entries = []
    for f in SupportFeedback.objects.filter(case__young_person=young_person).order_by("given_on", "pk"):
        if f.declined:
            fields = [Field(key="declined", label="Their choice", text="They would rather not have given feedback.")]
        else:
            fields = [Field(key=name, label=question, text=words if point else "Left out")
                      for name, question, point, words in f.answers]
            if f.anything_else:
                fields.append(Field(key="anything_else", label="Anything else", text=f.anything_else))
        fields.append(Field(key="way", label="How", text=f.get_way_display()))
        entries.append(Entry(kind="participation.feedback", ref=str(f.uuid),
                             title=f"Feedback on their support, {f.given_on:%-d %B %Y}", when=f.given_on,
                             fields=tuple(fields)))
    for link in FeedbackLink.objects.filter(case__young_person=young_person).order_by("sent_at", "pk"):
        state = ("Used" if link.used_at else "Replaced by a newer link" if link.withdrawn_at
                 else "Not used")
        entries.append(Entry(kind="participation.link", ref=str(link.uuid),
                             title=f"A feedback link sent on {link.sent_at:%-d %B %Y}", when=link.sent_at.date(),
                             fields=(Field(key="channel", label="Sent by", text=link.get_channel_display()),
                                     Field(key="state", label="What happened", text=state))))
    for r in (SurveyResponse.objects.filter(case__young_person=young_person).select_related("survey")
              .prefetch_related("survey_answers__question").order_by("received_on", "pk")):
        fields = [Field(key=f"q{a.question.position}", label=a.question.text, text=a.words)
                  for a in r.survey_answers.all()]
        fields.append(Field(key="way", label="How", text=r.get_way_display()))
        entries.append(Entry(kind="participation.survey", ref=str(r.uuid),
                             title=f"Their answers to “{r.survey.title}”, {r.received_on:%-d %B %Y}",
                             when=r.received_on, fields=tuple(fields)))
    for p in (Participant.objects.filter(case__young_person=young_person).select_related("activity")
              .order_by("activity__held_on", "pk")):
        fields = [Field(key="kind", label="Kind", text=p.activity.get_kind_display()),
                  Field(key="consent", label="Their agreement to take part", text=p.get_consent_display())]
        if p.accredited:
            fields.append(Field(key="accredited", label="Accreditation gained", text=p.activity.accreditation))
        if p.paid_pence:
            fields.append(Field(key="paid", label="Paid to them", text=p.paid))
        entries.append(Entry(kind="participation.participant", ref=f"{p.activity.uuid}:{p.pk}",
                             title=f"Took part in “{p.activity.title}”, {p.activity.held_on:%-d %B %Y}",
                             when=p.activity.held_on, fields=tuple(fields)))
    for c in UseConsent.objects.filter(case__young_person=young_person).order_by("given_on", "pk"):
        standing = (f"Withdrawn on {c.withdrawn_on:%-d %B %Y}" if c.withdrawn_on
                    else f"Until {c.expires_on:%-d %B %Y}" if c.expires_on else "Until they withdraw it")
        entries.append(Entry(kind="participation.consent", ref=str(c.uuid),
                             title=f"Consent to use {c.covers}, given {c.given_on:%-d %B %Y}", when=c.given_on,
                             fields=(Field(key="scope", label="How far", text=c.get_scope_display()),
                                     Field(key="standing", label="Standing", text=standing))))
    for q in Quote.objects.filter(case__young_person=young_person).order_by("said_on", "pk"):
        entries.append(Entry(kind="participation.quote", ref=str(q.uuid),
                             title=f"{q.get_kind_display()}, {q.said_on:%-d %B %Y}", when=q.said_on,
                             fields=(Field(key="text", label="Their words", text=q.text),)))
    return [Part(key="participation", title="Their feedback on our support, and their taking part",
                 entries=tuple(entries))] if entries else []
