"""What the engagement app gives the apps below it at start-up: a case's chronology shows the
challenges raised about it and the consultations that came before its young person's referral
(what kind, and when; the words are on the record's own page)."""


def register():
    from hubspoke.cases import chronology
    from hubspoke.engagement import chronology_events

    chronology.register_source("engagement", label="Work with other agencies", events=chronology_events.events)
