"""Asking for a transfer, and declining one."""

from django import forms


class TransferForm(forms.Form):
    destination = forms.ChoiceField(label="Where is the work going?",
                                    error_messages={"required": "Select where the work is going"})
    handover_summary = forms.CharField(
        label="Handover summary", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the receiving team needs: the current risk, the plan, who is involved, what works with them.",
        error_messages={"required": "Enter the handover summary"},
    )

    def __init__(self, *args, destinations, **kwargs):
        """``destinations``: (service, spoke or None) pairs."""
        super().__init__(*args, **kwargs)
        self.destinations = {f"{service.uuid}:{spoke.uuid if spoke else ''}": (service, spoke)
                             for service, spoke in destinations}
        self.fields["destination"].choices = [("", "Select a service or spoke")] + [
            (key, f"{service.name}: {spoke.name if spoke else 'the hub'}")
            for key, (service, spoke) in self.destinations.items()
        ]

    @property
    def chosen(self):
        return self.destinations[self.cleaned_data["destination"]]


class DeclineTransferForm(forms.Form):
    reason = forms.CharField(label="Why are you declining?", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the transfer is declined"})
