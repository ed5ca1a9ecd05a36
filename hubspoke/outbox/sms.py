"""Text messages: checking numbers and bodies, and the backends that hand one message to one
number.

The backend is ``HUBSPOKE_SMS_BACKEND`` (a dotted path to a class made with no arguments) with
one method, ``send(*, to, body, reference=None) -> str | None``: ``to`` is one E.164 number,
``reference`` the outbox message's UUID, and the answer the provider's id for the message (or
None). It raises ``PermanentSMSError`` when trying again cannot help (the message fails at once)
and any other exception when it might (the outbox tries again later).

- ``LoggingBackend`` (development, tests, the demo): logs and keeps what it was given.
- ``NotifyBackend``: GOV.UK Notify."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# Four segments of 153 GSM characters: longer texts are split further by the networks and cost
# more, and an alarm that needs more than this is not a text message.
MAX_BODY_LENGTH = 612

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_UK_NATIONAL = re.compile(r"0[1-9][0-9]{8,9}")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_NOTIFY_KEY = re.compile(rf".+-(?P<service_id>{_UUID})-(?P<secret>{_UUID})", re.IGNORECASE)
# Separators people write inside a number; nothing else is allowed.
_SEPARATORS = re.compile(r"[\s\-().]")
# A run of digits long enough to be a phone number, kept out of recorded errors.
_NUMBER_LIKE = re.compile(r"\+?[0-9][0-9 \-]{5,}[0-9]")


class SMSError(Exception):
    """The provider did not take the message; trying again later may work."""


class PermanentSMSError(SMSError):
    """The provider refused the message in a way that trying again will not change (a bad key,
    a number or template it will not use): the message fails at once."""


def normalise_number(number: str) -> str:
    """The number in E.164 form. A UK national number (``07700 900123``) becomes ``+44…``
    (``+44 (0)7700 900123`` too); any other number must already be E.164 (``+`` and up to 15
    digits). Anything else is a ValueError, which does not repeat the number."""
    compact = _SEPARATORS.sub("", number or "")
    if compact.startswith("+440"):
        compact = "+44" + compact[4:]
    if _UK_NATIONAL.fullmatch(compact):
        compact = "+44" + compact[1:]
    uk_length_wrong = compact.startswith("+44") and not (
        len(compact) == 13 if compact.startswith("+447") else 12 <= len(compact) <= 13  # mobiles: 07 + 9 digits
    )
    if not _E164.fullmatch(compact) or uk_length_wrong:
        raise ValueError("Not a phone number a text message can be sent to: give a UK number (07…) "
                         "or an international one starting with + and the country code.")
    return compact


def check_body(body: str) -> str:
    if not body or not body.strip():
        raise ValueError("A text message needs a body.")
    if len(body) > MAX_BODY_LENGTH:
        raise ValueError(f"A text message can be at most {MAX_BODY_LENGTH} characters (four segments); "
                         f"this one is {len(body)}.")
    return body


def get_backend():
    return import_string(settings.HUBSPOKE_SMS_BACKEND)()


def scrub(text: str) -> str:
    """An error's text with anything that looks like a phone number taken out, for logs and the
    administration site."""
    return _NUMBER_LIKE.sub("[number]", text)


# What LoggingBackend was given, oldest first: for tests and a demo page. Only the latest
# SENT_KEPT are kept, so a long-running development worker does not grow without end.
sent: list[dict] = []
SENT_KEPT = 200

logger = logging.getLogger("hubspoke.sms")


class LoggingBackend:
    """Sends nothing: logs "SMS to <number>: <body>" to ``hubspoke.sms`` at INFO and appends
    ``{"to", "body", "reference"}`` to ``sent``. For development, tests and the demo only — it
    shows the number and the body, which no other log in Hubspoke does (production refuses it)."""

    def send(self, *, to: str, body: str, reference: str | None = None) -> str | None:
        logger.info("SMS to %s: %s", to, body)
        sent.append({"to": to, "body": body, "reference": reference})
        del sent[:-SENT_KEPT]
        return None


class NotifyBackend:
    """GOV.UK Notify's REST API (POST /v2/notifications/sms), one number per call, with the
    standard library only: the notifications-python-client would bring requests and PyJWT for a
    single POST with a hand-made HS256 token, which does not justify the dependencies.

    Settings: ``HUBSPOKE_NOTIFY_API_KEY`` (Notify's ``name-serviceid-secret`` key),
    ``HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID`` (a text message template whose whole content is the one
    placeholder ``((body))``) and ``HUBSPOKE_NOTIFY_BASE_URL``. A 400 or 403 is permanent; 429,
    5xx and a network failure are tried again. Notify's own error messages are recorded with
    anything like a number removed."""

    TIMEOUT = 10  # seconds; well inside the urgent claim timeout, per number

    def __init__(self, *, api_key: str | None = None, template_id: str | None = None,
                 base_url: str | None = None):
        api_key = settings.HUBSPOKE_NOTIFY_API_KEY if api_key is None else api_key
        self.template_id = settings.HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID if template_id is None else template_id
        base_url = settings.HUBSPOKE_NOTIFY_BASE_URL if base_url is None else base_url
        key = _NOTIFY_KEY.fullmatch(api_key.strip())
        if not key:
            raise ImproperlyConfigured("HUBSPOKE_NOTIFY_API_KEY must be a GOV.UK Notify API key "
                                       "(name-serviceid-secret).")
        if not self.template_id:
            raise ImproperlyConfigured("HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID must name a Notify text message template.")
        parts = urllib.parse.urlsplit(base_url)
        if not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost"})):
            raise ImproperlyConfigured("HUBSPOKE_NOTIFY_BASE_URL must be https:// (http only on loopback, for tests).")
        self.service_id, self._secret = key["service_id"], key["secret"]
        self.url = base_url.rstrip("/") + "/v2/notifications/sms"

    def token(self, *, now: float | None = None) -> str:
        """A JWT, HS256, with the service id as issuer: Notify refuses one more than 30 seconds
        old, so a fresh one for every call."""
        header = {"typ": "JWT", "alg": "HS256"}
        claims = {"iss": self.service_id, "iat": int(time.time() if now is None else now)}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        signature = hmac.new(self._secret.encode(), signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"

    def send(self, *, to: str, body: str, reference: str | None = None) -> str | None:
        payload = {"phone_number": to, "template_id": self.template_id, "personalisation": {"body": body}}
        if reference:
            payload["reference"] = reference
        # The scheme is https (or loopback http), checked in __init__.
        request = urllib.request.Request(self.url, data=json.dumps(payload).encode(), method="POST", headers={  # noqa: S310
            "Authorization": f"Bearer {self.token()}", "Content-Type": "application/json",
            "Accept": "application/json", "User-Agent": "hubspoke",
        })
        try:
            # A new opener each time: it honours HTTPS_PROXY as the environment has it now.
            with urllib.request.build_opener().open(request, timeout=self.TIMEOUT) as response:
                answer = response.read()
        except urllib.error.HTTPError as error:
            with error:
                raise _error_for(error.code, error.read()) from None
        except (OSError, http.client.HTTPException) as error:  # URLError, timeouts, dropped connections
            reason = getattr(error, "reason", error)
            raise SMSError(f"GOV.UK Notify could not be reached: {scrub(str(reason))}") from None
        try:
            return str(json.loads(answer)["id"])
        except (ValueError, KeyError, TypeError):
            return None


def _error_for(status: int, answer: bytes) -> SMSError:
    try:
        errors = json.loads(answer).get("errors") or []
        said = "; ".join(f"{e.get('error', '')}: {e.get('message', '')}" for e in errors if isinstance(e, dict))
    except (ValueError, AttributeError):
        said = ""
    text = scrub(f"GOV.UK Notify answered {status}" + (f" ({said})" if said else ""))[:400]
    return PermanentSMSError(text) if status in {400, 403} else SMSError(text)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
