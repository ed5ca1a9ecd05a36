"""The GOV.UK Notify backend against a stand-in Notify on loopback: what it sends (the path, the
signed token, the JSON), and how each answer maps to "sent", "try again" or "give up"."""

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from hubspoke.outbox import actions, sms
from hubspoke.outbox.models import OutgoingMessage, Status

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"hubspoke_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class StandInNotify(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append({"path": self.path, "headers": dict(self.headers),
                                     "json": json.loads(self.rfile.read(length))})
        status, answer = self.server.answers.pop(0)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(monkeypatch, settings):
    """A stand-in Notify on 127.0.0.1; ``notify.answers`` are its next replies, in order."""
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInNotify)
    server.received, server.answers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HUBSPOKE_NOTIFY_API_KEY = API_KEY
    settings.HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
    settings.HUBSPOKE_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_a_text_is_posted_to_notify_with_a_token_signed_by_the_secret(notify):
    notify.answers.append((201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": "r"}))
    provider_id = sms.NotifyBackend().send(to="+447700900123", body="Check in, please.", reference="message-uuid")
    assert provider_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    [request] = notify.received
    assert request["path"] == "/v2/notifications/sms"
    assert request["json"] == {"phone_number": "+447700900123", "template_id": TEMPLATE_ID,
                               "personalisation": {"body": "Check in, please."}, "reference": "message-uuid"}
    assert request["headers"]["Content-Type"] == "application/json"
    scheme, token = request["headers"]["Authorization"].split(" ")
    header, claims, signature = token.split(".")
    assert scheme == "Bearer"
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(_unb64(signature), expected)
    assert json.loads(_unb64(header)) == {"typ": "JWT", "alg": "HS256"}
    claims = json.loads(_unb64(claims))
    assert claims["iss"] == SERVICE_ID and abs(claims["iat"] - time.time()) < 5


@pytest.mark.django_db
def test_the_outbox_sends_through_notify_with_the_message_as_reference(notify, settings, commit, run_worker):
    settings.HUBSPOKE_SMS_BACKEND = "hubspoke.outbox.sms.NotifyBackend"
    notify.answers += [(201, {"id": "one"}), (201, {"id": "two"})]
    with transaction.atomic():
        message = commit(actions.enqueue_sms, key="test.alarm:1", to=["07700 900123", "07700 900456"],
                         body="Check in, please.", urgent=True)
    assert run_worker() == 1
    assert [r["json"]["phone_number"] for r in notify.received] == ["+447700900123", "+447700900456"]
    assert {r["json"]["reference"] for r in notify.received} == {str(message.uuid)}
    message.refresh_from_db()
    assert message.status == Status.SENT and message.body == ""


@pytest.mark.parametrize(("status", "permanent"), [(400, True), (403, True), (429, False), (500, False), (503, False)])
def test_notify_errors_are_permanent_only_for_400_and_403(notify, status, permanent):
    notify.answers.append((status, {"status_code": status, "errors": [
        {"error": "BadRequestError", "message": "Not a UK mobile number: +447700900123"},
    ]}))
    with pytest.raises(sms.SMSError) as raised:
        sms.NotifyBackend().send(to="+447700900123", body="Check in, please.")
    assert isinstance(raised.value, sms.PermanentSMSError) is permanent
    assert str(raised.value) == f"GOV.UK Notify answered {status} (BadRequestError: Not a UK mobile number: [number])"


def test_notify_out_of_reach_is_tried_again(settings):
    with socket.socket() as closed:  # a port with nothing listening
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    backend = sms.NotifyBackend(api_key=API_KEY, template_id=TEMPLATE_ID, base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(sms.SMSError, match="GOV.UK Notify could not be reached") as raised:
        backend.send(to="+447700900123", body="Check in, please.")
    assert not isinstance(raised.value, sms.PermanentSMSError)


@pytest.mark.django_db
def test_a_notify_refusal_fails_the_message_at_once(notify, settings, commit, run_worker):
    settings.HUBSPOKE_SMS_BACKEND = "hubspoke.outbox.sms.NotifyBackend"
    notify.answers.append((403, {"status_code": 403, "errors": [{"error": "AuthError", "message": "Invalid token"}]}))
    with transaction.atomic():
        message = commit(actions.enqueue_sms, key="test.alarm:1", to=["07700 900123"], body="Check in, please.")
    assert run_worker() == 1
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.attempts == 1 and message.body == ""
    assert message.last_error == "PermanentSMSError: GOV.UK Notify answered 403 (AuthError: Invalid token)"
    assert OutgoingMessage.objects.filter(status=Status.QUEUED).count() == 0


@pytest.mark.parametrize(("overrides", "refused"), [
    ({"api_key": "not-a-key"}, "HUBSPOKE_NOTIFY_API_KEY"),
    ({"api_key": f"{SERVICE_ID}-{SECRET}"}, "HUBSPOKE_NOTIFY_API_KEY"),  # no name
    ({"template_id": ""}, "HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID"),
    ({"base_url": "http://api.notifications.service.gov.uk"}, "HUBSPOKE_NOTIFY_BASE_URL"),
])
def test_notify_settings_are_checked(overrides, refused):
    arguments = {"api_key": API_KEY, "template_id": TEMPLATE_ID, "base_url": "https://api.notifications.service.gov.uk"}
    with pytest.raises(ImproperlyConfigured, match=refused):
        sms.NotifyBackend(**{**arguments, **overrides})


def test_production_refuses_the_logging_backend_and_defaults_to_notify():
    """It writes numbers and bodies to the log. (A fresh process, as an operator starts it.)"""
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBSPOKE_", "DJANGO_", "DATABASE_URL"))}
    env.update(HUBSPOKE_MODE="production", DJANGO_SECRET_KEY="production-test-key-" + "x7Q2" * 10,
               DJANGO_ALLOWED_HOSTS="hubspoke.example")
    show = "from django.conf import settings; print(settings.HUBSPOKE_SMS_BACKEND)"
    default = subprocess.run([sys.executable, "manage.py", "shell", "-c", show], cwd=root, env=env,
                             capture_output=True, text=True, timeout=120)
    assert default.stdout.strip().splitlines()[-1] == "hubspoke.outbox.sms.NotifyBackend", default.stderr
    refused = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, capture_output=True, text=True,
                             env={**env, "HUBSPOKE_SMS_BACKEND": "hubspoke.outbox.sms.LoggingBackend"}, timeout=120)
    assert refused.returncode != 0
    assert "HUBSPOKE_SMS_BACKEND: the logging backend is for development only." in refused.stderr
