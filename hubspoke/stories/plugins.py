"""What the stories app gives the apps below it at start-up: its section on the young person's
page, and its kinds of record for the audit trail."""


def register():
    from hubspoke.referrals import panels
    from hubspoke.stories.panel import young_person_panel

    panels.register("stories", template="stories/_young_person_panel.html", context=young_person_panel)
