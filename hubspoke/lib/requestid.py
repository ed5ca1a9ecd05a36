"""A request id for every request: set on the way in, echoed in ``X-Request-ID``, attached to
every log line and every audit row written while the request is handled."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

_request_id: ContextVar[str] = ContextVar("hubspoke_request_id", default="")

# An id from a trusted proxy is kept only if it looks like one, so a client cannot inject
# arbitrary text into logs.
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a proxy we trust may hand us an id; from anyone else it could be forged.
        incoming = request.headers.get("X-Request-ID", "") if settings.HUBSPOKE_TRUSTED_PROXY_COUNT else ""
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True
