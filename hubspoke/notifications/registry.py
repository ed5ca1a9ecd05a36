"""What each kind of notification says and where it leads, registered at start-up by the app
that sends it, so that this app imports none of them.

``register_kind("referrals.new", message="A new referral has arrived", url=...)``: ``message``
is plain language and names nobody (it is the same for every record of the kind); ``url`` takes
the subject's UUID (as text) and returns the path of the subject's own page, without reading
the database, so that a list of notifications costs the same however long it is."""

import re
from collections.abc import Callable
from dataclasses import dataclass

_CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@dataclass(frozen=True)
class Kind:
    code: str
    message: str
    url: Callable[[str], str]
    # The heading for several of them together ("New referrals"); the message where not given.
    group: str = ""

    @property
    def heading(self) -> str:
        return self.group or self.message


_kinds: dict[str, Kind] = {}


def register_kind(code: str, *, message: str, url: Callable[[str], str], group: str = "") -> None:
    if not _CODE.match(code) or len(code) > 60:
        raise ValueError(f"Notification kinds look like 'app.what', not {code!r}.")
    _kinds[code] = Kind(code=code, message=message, url=url, group=group)


def kind(code: str) -> Kind | None:
    return _kinds.get(code)
