"""A button's own value, checked before a POST changes anything: an empty or stray POST changes
nothing and says why."""

from django.contrib import messages


def confirmed(request, field: str) -> bool:
    """The button's own value came with the POST; anything else changes nothing and says why."""
    if request.POST.get(field) == "yes":
        return True
    messages.error(request, "Nothing was changed: use the button on this page.")
    return False
