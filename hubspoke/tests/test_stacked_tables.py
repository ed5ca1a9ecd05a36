"""Tables that become one card per row on a phone (``hs-table-stack``): each cell after the first
carries its column's heading as ``data-label``, which the phone shows in front of it, so a card
says what each value is."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from hubspoke.monitoring import actions as monitoring


class StackedTables(HTMLParser):
    """Each stacked table's headings and, for each of its rows, its cells' data-labels."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._table = self._part = self._heading = None
        self._row: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = {"headings": [], "rows": []} if "hs-table-stack" in (a.get("class") or "") else None
            if self._table is not None:
                self.tables.append(self._table)
        elif self._table is None:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "tr" and self._part != "thead":
            self._row = []
        elif tag == "th" and self._part == "thead":
            self._heading = ""
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(None if "colspan" in a else a.get("data-label"))

    def handle_endtag(self, tag):
        if self._table is None:
            return
        if tag == "table":
            self._table = None
        elif tag == "th" and self._heading is not None:
            self._table["headings"].append(" ".join(self._heading.split()))
            self._heading = None
        elif tag == "tr" and self._row is not None:
            if len(self._row) > 1:  # a one-cell row is the "nothing here" message
                self._table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data


HIDDEN_HEADINGS = {"Action", "Actions"}  # a column of links that name their row: no label needed


def assert_cells_labelled(response) -> int:
    """Every stacked table's cells (after the first) labelled with their column's heading; the
    number of rows checked."""
    assert response.status_code == 200
    parser = StackedTables()
    parser.feed(response.content.decode())
    assert parser.tables, "no stacked table on the page"
    checked = 0
    for table in parser.tables:
        expected = [h if h not in HIDDEN_HEADINGS else None for h in table["headings"][1:]]
        for row in table["rows"]:
            assert row[0] is None, "the first cell heads the card: no label"
            assert row[1:] == expected, (table["headings"], row)
            checked += 1
    return checked


def test_the_partners_sent_list_labels_each_cell(signed_in, world):
    assert assert_cells_labelled(signed_in("partner_a").get(reverse("referrals:sent"))) >= 1


@pytest.mark.parametrize("name", ["referrals:inbox", "cases:team", "monitoring:returns"])
def test_the_managers_lists_label_each_cell(signed_in, world, name):
    assert assert_cells_labelled(signed_in("manager_a").get(reverse(name))) >= 1


def test_the_returns_figures_label_each_cell(signed_in, world):
    monitoring.ensure_returns([world.service_a])
    draft = world.service_a.monitoring_returns.order_by("-period_start").first()
    response = signed_in("manager_a").get(reverse("monitoring:return", kwargs={"ref": draft.uuid}))
    assert assert_cells_labelled(response) >= 50
