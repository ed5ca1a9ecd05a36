"""What the participation app gives the apps below it at start-up: the case page's feedback
section, the caseload's "feedback due" line, and "feedback given" on the case's chronology."""


def register():
    from hubspoke.cases import caseload, chronology, panels
    from hubspoke.participation import caseload as participation_caseload
    from hubspoke.participation import chronology_events
    from hubspoke.participation.views.case import panel

    panels.register("participation", template="participation/_case_panel.html", context=panel)
    caseload.register_notes("participation", participation_caseload.notes)
    chronology.register_source("participation", label="Young people's feedback", events=chronology_events.events)
