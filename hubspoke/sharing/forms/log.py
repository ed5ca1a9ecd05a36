"""The disclosure log's filters. They go in the address (GET), so none of them carries a
name: dates, an agency, a route, a kind of information, a service, all by value or UUID."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.sharing.categories import Category
from hubspoke.sharing.models import Route
from hubspoke.sharing.queries import NOT_SHARED, SHARED, LogFilters

KINDS = [("", "Shared and not shared"), (SHARED, "Shared"), (NOT_SHARED, "Decided not to share")]


class LogFilterForm(forms.Form):
    start = DateField(label="From", subject="the date to show from", required=False)
    end = DateField(label="To", subject="the date to show to", required=False)
    service = forms.ChoiceField(label="Service", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    kind = forms.ChoiceField(label="Shared or not", choices=KINDS, required=False)
    route = forms.ChoiceField(label="How it was lawful", choices=[("", "Any route"), *Route.choices], required=False)
    category = forms.ChoiceField(label="Kind of information", choices=[("", "Any kind"), *Category.choices],
                                 required=False)

    def __init__(self, *args, services=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.uuid): s for s in services}
        self.agencies = {str(a.uuid): a for a in agencies}
        self.fields["service"].choices = [("", "All your services")] + [(k, s.name) for k, s in self.services.items()]
        self.fields["agency"].choices = [("", "Any agency")] + [(k, a.name) for k, a in self.agencies.items()]
        if len(self.services) < 2:
            del self.fields["service"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The date to show to must be the same as or after the date to show from")
        return cleaned

    def filters(self) -> LogFilters:
        """The filters chosen (none where the form has errors: the whole log, with the errors shown)."""
        ids = frozenset(s.pk for s in self.services.values())
        if not self.is_bound or not self.is_valid():
            return LogFilters(service_ids=ids)
        data = self.cleaned_data
        chosen = self.services.get(data.get("service") or "")
        agency = self.agencies.get(data.get("agency") or "")
        return LogFilters(service_ids=frozenset({chosen.pk}) if chosen else ids, start=data.get("start"),
                          end=data.get("end"), agency_id=agency.pk if agency else None, kind=data.get("kind") or "",
                          route=data.get("route") or "", category=data.get("category") or "")

    def described(self) -> dict:
        """The filters as the audit row keeps them: values and UUIDs, never a name."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {name: (value.isoformat() if hasattr(value, "isoformat") else value)
                for name, value in data.items() if value}

    def query_string(self) -> str:
        """The filters again, for the page links and the downloads."""
        if not self.is_bound:
            return ""
        keep = {k: v for k, v in self.data.items() if k not in ("page", "format") and v}
        from urllib.parse import urlencode

        return urlencode(keep)
