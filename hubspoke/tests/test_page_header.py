"""The page header: the service's sections in GOV.UK's service navigation, and the person's own
links (their name, their notifications, "Sign out") apart from them, in a navigation of their
own that is never folded behind "Menu"."""

from html.parser import HTMLParser

from django.urls import reverse

from hubspoke.conftest import make_person, mark_recently_authenticated


class Navigations(HTMLParser):
    """Each <nav>'s aria-label -> the text of each link and button in it, with links' targets."""

    def __init__(self):
        super().__init__()
        self.navs: dict[str, list[tuple[str, str, str]]] = {}
        self._nav: str | None = None
        self._item: list | None = None  # [tag, href, text]
        self._hidden = 0  # depth inside a visually hidden span

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav":
            self._nav = a.get("aria-label", "")
            self.navs[self._nav] = []
        elif self._nav is not None and tag in ("a", "button"):
            self._item = [tag, a.get("href", ""), ""]
        elif self._item is not None and tag == "span" and (self._hidden or "govuk-visually-hidden" in (a.get("class") or "")):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = None
        elif self._item is not None and tag == self._item[0]:
            self.navs[self._nav].append((self._item[0], self._item[1], " ".join(self._item[2].split())))
            self._item = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._item is not None and not self._hidden:
            self._item[2] += data


def navigations(response) -> dict[str, list[tuple[str, str, str]]]:
    parser = Navigations()
    parser.feed(response.content.decode())
    return parser.navs


def test_sections_and_account_links_are_apart(signed_in, world):
    client = signed_in("manager_a")
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user == world.manager_a
    navs = navigations(response)
    assert navs["Menu"][0] == ("button", "", "Menu")  # GOV.UK Frontend's toggle, for phones
    sections = [text for tag, _, text in navs["Menu"] if tag == "a"]
    assert sections == ["Home", "Referrals", "Waiting list", "Caseload", "Search", "Engagement", "Sharing",
                        "Data protection", "Services"]
    name, forum, notifications, sign_out = navs["Your account"]
    assert name == ("a", reverse("accounts:security"), world.manager_a.full_name)
    assert forum == ("a", reverse("exchange:index"), "Forum")
    assert notifications[:2] == ("a", reverse("notifications:list")) and notifications[2].startswith("Notifications")
    assert sign_out == ("button", "", "Sign out")


def test_the_account_link_is_current_on_the_account_page(signed_in, world):
    response = signed_in("worker_a").get(reverse("accounts:security"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("accounts:security")}" aria-current="page">{world.worker_a.full_name}' in html
    assert "Your account" not in [text for _, _, text in navigations(response)["Menu"]]


def test_before_the_second_factor_the_header_offers_only_sign_out(client, db):
    client.force_login(make_person("new_starter"))
    mark_recently_authenticated(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    navs = navigations(response)
    assert "Menu" not in navs  # nowhere else to go yet
    assert navs["Your account"] == [("button", "", "Sign out")]


def _tabs(response) -> list[str]:
    return [text for tag, _, text in navigations(response).get("Data protection", []) if tag == "a"]


def test_subject_access_and_retention_are_one_section_with_tabs_for_each_role(signed_in, world):
    manager = signed_in("manager_a")
    response = manager.get(reverse("retention:due"))
    assert response.status_code == 200
    menu = {text: href for tag, href, text in navigations(response)["Menu"] if tag == "a"}
    assert menu["Data protection"] == reverse("rights:requests")
    assert 'active-fallback">Data protection</strong>' in response.content.decode()
    assert _tabs(response) == ["Subject access requests", "Due for review", "Retention periods",
                               "Certificates of disposal"]
    # The programme's roles see the counts and the schedule; never a list naming young people.
    lead = signed_in("programme_lead")
    response = lead.get(reverse("rights:programme"))
    assert response.status_code == 200
    assert _tabs(response) == ["Subject access figures", "Retention periods"]
    # A worker has no such section: their record's retention is their manager's to review.
    worker = signed_in("worker_a").get(reverse("home"))
    assert "Data protection" not in [text for _, _, text in navigations(worker)["Menu"]]


def test_every_data_protection_tab_opens_for_the_person_shown_it(signed_in, world):
    for who in ("manager_a", "programme_lead", "admin"):
        client = signed_in(who, recent=True)
        start = client.get(reverse("retention:schedule"))
        assert start.status_code == 200, who
        for _tag, href, text in navigations(start)["Data protection"]:
            assert client.get(href).status_code == 200, (who, text)
