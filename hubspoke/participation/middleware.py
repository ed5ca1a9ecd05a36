"""Hand-over mode: while a young person answers on the worker's device, the session reaches the
hand-over page and nothing else (not the record, not the menu, not another page typed into the
address bar) until the worker enters their password there. Signing out is still allowed: it
leaves nothing to see."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

HANDOVER = "participation_handover"


class HandoverMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: frozenset[str] | None = None

    def allowed(self) -> frozenset[str]:
        if self._allowed is None:
            self._allowed = frozenset({reverse("participation:handover"), reverse("participation:hand_back"),
                                       reverse("account_logout"), "/csp-report/"})
        return self._allowed

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (session is not None and session.get(HANDOVER) and request.user.is_authenticated
                and request.path not in self.allowed() and not request.path.startswith(settings.STATIC_URL)):
            # 303: whatever was asked (a form's POST included) is answered with the hand-over page,
            # and no view runs.
            response = redirect("participation:handover")
            response.status_code = 303
            return response
        return self.get_response(request)
