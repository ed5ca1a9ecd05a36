"""Recording and changing a missing episode."""

from django import forms
from django.utils import timezone

from hubspoke.cases.forms._when import at
from hubspoke.cases.models import ReturnInterview
from hubspoke.lib.forms import DateField


class MissingEpisodeForm(forms.Form):
    started_on = DateField(label="When did they go missing?", subject="the date they went missing",
                           error_messages={"required": "Enter when they went missing"})
    started_time = forms.TimeField(label="Time (optional)", required=False, help_text="For example, 21:00",
                                   error_messages={"invalid": "Enter a time like 21:00"})
    ended_on = DateField(label="When did they come back? (leave empty if still missing)",
                         subject="the date they came back", required=False)
    ended_time = forms.TimeField(label="Time (optional)", required=False,
                                 error_messages={"invalid": "Enter a time like 21:00"})
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)
    police_reference = forms.CharField(label="Police reference (optional)", required=False, max_length=60)
    return_interview = forms.ChoiceField(label="Return interview", choices=ReturnInterview.choices,
                                         widget=forms.RadioSelect, initial=ReturnInterview.NOT_YET,
                                         error_messages={"required": "Select whether a return interview was offered"})
    return_interview_by = forms.CharField(label="Who offered or did it? (optional)", required=False, max_length=150)
    where_found = forms.CharField(label="Where they were found (restricted)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    associates = forms.CharField(label="Who they were with (restricted)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(label="Places involved (restricted)", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        return {
            "started_at": at(d["started_on"], d["started_time"]), "ended_at": at(d["ended_on"], d["ended_time"]),
            "reported_to_police": d["reported_to_police"], "police_reference": d["police_reference"].strip(),
            "return_interview": d["return_interview"], "return_interview_by": d["return_interview_by"].strip(),
            "where_found": d["where_found"].strip(), "associates": d["associates"].strip(),
            "places": d["places"].strip(),
        }

    @staticmethod
    def initial_from(episode) -> dict:
        local = timezone.localtime
        return {
            "started_on": local(episode.started_at).date(), "started_time": local(episode.started_at).time(),
            "ended_on": local(episode.ended_at).date() if episode.ended_at else None,
            "ended_time": local(episode.ended_at).time() if episode.ended_at else None,
            "reported_to_police": episode.reported_to_police, "police_reference": episode.police_reference,
            "return_interview": episode.return_interview, "return_interview_by": episode.return_interview_by,
            "where_found": episode.where_found, "associates": episode.associates, "places": episode.places,
        }
