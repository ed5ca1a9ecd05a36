"""What the safety app gives the apps below it at start-up: "Discussed in supervision" on a
case's chronology, and the team page's support columns (days since each kind of supervision,
open lone-working incidents)."""


def register():
    from hubspoke.cases import chronology, team
    from hubspoke.safety import team_columns

    chronology.register_source("supervision", label="Supervision", events=team_columns.chronology_events)
    team.register_columns("safety", team_columns.columns)
