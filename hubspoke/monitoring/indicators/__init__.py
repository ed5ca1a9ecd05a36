"""The quarterly data monitoring return: exact figures computed from the record, per service and
per part of a service (its hub and each spoke). ``docs/monitoring-return.md`` is the data
dictionary; its per-indicator part is ``dictionary_markdown()``, kept in step by a test.

Figures are exact counts and additive sums, so that a service's total is the sum of its parts
and a programme's figure is the sum of its services'. Disclosure control (small counts hidden,
rounding) is applied afterwards, by the code that lets figures leave a service; nothing here
rounds or hides anything.

Every figure is computed in a fixed number of queries however many services, cases or contacts
there are: counts are grouped by service and spoke in SQL, and only the cohort of cases closed
in the period is read case by case (for risk movement and outcome change).

A *part* is where a record is held now: ``"hub"`` when its spoke is empty, else the spoke's UUID.
Referrals count at the referral's spoke; cases and what is recorded on them (contacts, missing
episodes, meetings, plan goals, outcome ratings) at the case's spoke; assessments at their own;
the work with professionals and the local system (``engagement``) at the record's own; posts at
theirs.

One module per job:

- ``tables``: the sections and the definition of every table and measure;
- ``figures``: figures' arithmetic (the empty shape, exact sums, building figures by part);
- ``sections``: ``compute``, and the queries behind each section;
- ``rules``: how one record is put in a row (age bands, ethnic groups, bands of days);
- ``labels``: the labels of keys, static or from the data;
- ``dictionary``: the data dictionary's generated part.

The names below are what the rest of Hubspoke uses."""

from hubspoke.monitoring.indicators.dictionary import dictionary_markdown
from hubspoke.monitoring.indicators.figures import Figures, add, empty
from hubspoke.monitoring.indicators.labels import column_label, dynamic_labels, row_label
from hubspoke.monitoring.indicators.rules import ethnic_group
from hubspoke.monitoring.indicators.sections import compute
from hubspoke.monitoring.indicators.tables import (
    HUB,
    MEASURE_BY_ID,
    MEASURES,
    RISK_LEVELS,
    SECTION_RULES,
    SECTIONS,
    TABLE_BY_ID,
    TABLES,
    MeasureDef,
    Rows,
    TableDef,
)
from hubspoke.referrals.ages import age_band

__all__ = [
    "HUB", "MEASURES", "MEASURE_BY_ID", "RISK_LEVELS", "SECTIONS", "SECTION_RULES", "TABLES", "TABLE_BY_ID",
    "Figures", "MeasureDef", "Rows", "TableDef", "add", "age_band", "column_label", "compute", "dictionary_markdown",
    "dynamic_labels", "empty", "ethnic_group", "row_label",
]
