"""How a return's cells are shown, and how the database plans the statements behind them."""

import pytest
from django.db import connection
from django.template import Context, Template


def render(value) -> str:
    return Template("{% load figures %}{{ value|figure }}").render(Context({"value": value}))


def test_a_figure_shows_as_itself_and_is_escaped():
    assert render(12) == "12"
    assert render(2.5) == "2.5"
    assert render("<b>") == "&lt;b&gt;"


def test_not_applicable_and_hidden_figures_say_so_to_assistive_technology():
    assert render(None) == '<span aria-label="not applicable">–</span>'
    assert render("c") == '<abbr title="hidden: a small number">c</abbr>'
    assert render(0) == "0"


@pytest.mark.django_db
def test_postgresql_connections_cost_random_reads_as_for_a_cached_working_set():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
