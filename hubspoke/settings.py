"""Hubspoke settings: one file, everything from the environment.

Modes (``HUBSPOKE_MODE``):
- ``development`` (default): SQLite, DEBUG on, insecure key allowed.
- ``production``: refuses to start without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``,
  refuses ``HUBSPOKE_DEMO``, and turns on every transport-security setting so that
  ``manage.py check --deploy --fail-level WARNING`` passes.

``HUBSPOKE_DEMO=1`` shows the "Demo — synthetic data" banner and lets the printed demo
sign-ins skip the second factor. ``DATABASE_URL`` (``postgres://…``) selects PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


HUBSPOKE_MODE = os.environ.get("HUBSPOKE_MODE", "development")
if HUBSPOKE_MODE not in {"development", "production"}:
    raise ImproperlyConfigured("HUBSPOKE_MODE must be 'development' or 'production'.")
PRODUCTION = HUBSPOKE_MODE == "production"
HUBSPOKE_DEMO = env_bool("HUBSPOKE_DEMO")

if PRODUCTION and HUBSPOKE_DEMO:
    raise ImproperlyConfigured("HUBSPOKE_DEMO is refused in production mode: demo sign-ins skip the second factor.")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Production mode needs DJANGO_SECRET_KEY: at least 50 random characters.")
if not SECRET_KEY:
    SECRET_KEY = "development-only-insecure-key-never-use-in-production-0123456789"
# Older keys still accepted for signatures and for decrypting second-factor secrets.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

# Off in the demo too, so that it shows Hubspoke's own error pages, as people would see them.
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and not HUBSPOKE_DEMO)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production mode.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production mode needs DJANGO_ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hubspoke.outbox",
    "hubspoke.scheduler",
    "hubspoke.accounts",
    "hubspoke.network",
    "hubspoke.audit",
    "hubspoke.notifications",
    "hubspoke.referrals",
    "hubspoke.sharing",
    "hubspoke.assessments",
    "hubspoke.cases",
    "hubspoke.safety",
    "hubspoke.engagement",
    "hubspoke.participation",
    "hubspoke.stories",
    "hubspoke.rights",
    "hubspoke.retention",
    "hubspoke.exchange",
    "hubspoke.monitoring",
    "hubspoke.home",
    "hubspoke.apps.HubspokeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "hubspoke.lib.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hubspoke.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hubspoke.accounts.middleware.RequireMFAMiddleware",
    # While a young person gives feedback on the worker's device, only the hand-over page answers.
    "hubspoke.participation.middleware.HandoverMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hubspoke.lib.headers.SecurityHeadersMiddleware",
    # Innermost: sees the view's answer and audits every record it showed (audit/shown.py).
    "hubspoke.audit.shown.AuditShownRecordsMiddleware",
]

ROOT_URLCONF = "hubspoke.urls"
WSGI_APPLICATION = "hubspoke.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hubspoke" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "hubspoke.home.context_processors.navigation",
                "hubspoke.notifications.context_processors.notifications",
            ],
            # lib is not an app (it has no models); its template tags are registered here.
            "libraries": {"govuk": "hubspoke.lib.templatetags.govuk"},
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite is the zero-setup default. WAL lets readers and the writer work together; the busy
# timeout and IMMEDIATE transactions stop "database is locked" errors under concurrent writes.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's default cost of a random page read (4, for spinning disks) makes it scan a
        # whole programme's cases or referrals rather than read one service's through an index,
        # although both are in memory; 1.1 is the usual value for SSDs and a cached working set
        # (docs/deployment.md). Set HUBSPOKE_POSTGRES_OPTIONS to "" behind a pooler that refuses
        # startup options, and set it on the database instead.
        pg_options = os.environ.get("HUBSPOKE_POSTGRES_OPTIONS", "-c random_page_cost=1.1")
        if pg_options:
            DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("HUBSPOKE_SQLITE_PATH", str(BASE_DIR / "var" / "hubspoke.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache is shared by every gunicorn worker, so sign-in rate limits hold across them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hubspoke_cache",
    }
}

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "hubspoke.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {
    "login": "hubspoke.accounts.forms.LoginForm",
    "reset_password": "hubspoke.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "hubspoke.accounts.forms.ResetPasswordKeyForm",
    "change_password": "hubspoke.accounts.forms.ChangePasswordForm",
    "reauthenticate": "hubspoke.accounts.forms.ReauthenticateForm",
}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # people are invited by an administrator; no sign-up
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Nobody can sign up, so an email inviting an unknown address to do so would only mislead.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Hubspoke: "
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("HUBSPOKE_REAUTH_SECONDS", "300"))
# Behind a reverse proxy, the number of proxies in front of Hubspoke that add to
# X-Forwarded-For; without it every person would appear to come from the proxy's address, and
# per-address limits would lump the whole country together.
HUBSPOKE_TRUSTED_PROXY_COUNT = int(os.environ.get("HUBSPOKE_TRUSTED_PROXY_COUNT", "0"))
# Calls one monitoring API key may make, as "number/period" (s, m, h or d).
HUBSPOKE_API_RATE = os.environ.get("HUBSPOKE_API_RATE", "120/m")
# All of one person's keys together (by default the same as one key's).
HUBSPOKE_API_PERSON_RATE = os.environ.get("HUBSPOKE_API_PERSON_RATE", HUBSPOKE_API_RATE)
ALLAUTH_TRUSTED_PROXY_COUNT = HUBSPOKE_TRUSTED_PROXY_COUNT
# Failed sign-ins are limited per account only: a guesser cannot keep trying one person, and
# one colleague mistyping (or an attacker behind the same office address) cannot lock out a
# team. Sign-in attempts of any kind have a generous per-address ceiling against floods.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "hubspoke.accounts.mfa_adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "hubspoke.accounts.forms.AuthenticateForm",
    "reauthenticate": "hubspoke.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "hubspoke.accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Email addresses are set by the administrator who invites a person, not verified by mail;
# without this, asking for a password reset would block setting up the second factor.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Hubspoke"
MFA_RECOVERY_CODE_COUNT = 10
MFA_PASSKEY_LOGIN_ENABLED = False

# Idle timeout and absolute session limit, enforced by SessionLimitsMiddleware.
HUBSPOKE_IDLE_TIMEOUT_MINUTES = int(os.environ.get("HUBSPOKE_IDLE_TIMEOUT_MINUTES", "30"))
HUBSPOKE_SESSION_MAX_HOURS = int(os.environ.get("HUBSPOKE_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = HUBSPOKE_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
# Seconds; a hung mail server must give up well before the outbox counts the worker as stopped.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
# Where links in emails point: when set, always here; otherwise the request's own scheme and
# host, and outside a request the development server (see hubspoke/lib/links.py).
HUBSPOKE_BASE_URL = os.environ.get("HUBSPOKE_BASE_URL", "")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Hubspoke <no-reply@hubspoke.invalid>")

# --- Text messages ------------------------------------------------------------------------
# Sent by the outbox (hubspoke/outbox/sms.py). In development, tests and the demo they are only
# logged; production sends them through GOV.UK Notify, and refuses the logging backend, which
# writes numbers and bodies to the log.
HUBSPOKE_SMS_BACKEND = os.environ.get(
    "HUBSPOKE_SMS_BACKEND",
    "hubspoke.outbox.sms.NotifyBackend" if PRODUCTION else "hubspoke.outbox.sms.LoggingBackend",
)
if PRODUCTION and HUBSPOKE_SMS_BACKEND == "hubspoke.outbox.sms.LoggingBackend":
    raise ImproperlyConfigured("HUBSPOKE_SMS_BACKEND: the logging backend is for development only.")
# A Notify API key (name-serviceid-secret) and a text message template whose whole content is
# ((body)).
HUBSPOKE_NOTIFY_API_KEY = os.environ.get("HUBSPOKE_NOTIFY_API_KEY", "")
HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID = os.environ.get("HUBSPOKE_NOTIFY_SMS_TEMPLATE_ID", "")
HUBSPOKE_NOTIFY_BASE_URL = os.environ.get("HUBSPOKE_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

# --- Lone working ------------------------------------------------------------------------
# Minutes from a missed check-in or end to amber, from amber to telling the buddy, and from amber
# to red (hubspoke/safety/rules.py). The demo shortens them so that a visit set to end in a
# minute goes amber and red while the person trying it watches, and caps each chain step's wait.
HUBSPOKE_SAFETY_TIMINGS = (
    {"amber_grace": 0.5, "buddy_after": 0.5, "red_after": 1, "step_wait_cap": 1} if HUBSPOKE_DEMO
    else {"amber_grace": 5, "buddy_after": 5, "red_after": 15, "step_wait_cap": None}
)

# --- Work done later ------------------------------------------------------------------
# Tasks (django-tasks) are rows in this database, run by `manage.py db_worker`; the periodic
# jobs in hubspoke/schedule.py are put on the queue by `manage.py run_schedule`. The tests run
# tasks at once (hubspoke/conftest.py), except where they test the worker itself.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
HUBSPOKE_SCHEDULE = "hubspoke.schedule.JOBS"

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "hubspoke" / "static"]
# Outside production, WhiteNoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded documents (signed information-sharing agreements): outside the web root, never
# served by the web server, handed out only by views that check access (lib/storage.py).
HUBSPOKE_PRIVATE_MEDIA_ROOT = Path(os.environ.get("HUBSPOKE_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# The largest signed agreement accepted, in bytes.
HUBSPOKE_AGREEMENT_MAX_BYTES = 10 * 1024 * 1024
# A participation activity's output (a leaflet, a poster, slides): films are given as links.
HUBSPOKE_OUTPUT_MAX_BYTES = 20 * 1024 * 1024
# The largest file attached to a forum post.
HUBSPOKE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Security headers -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": ["/csp-report/"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Logging ----------------------------------------------------------------------------
# Everything is JSON on stderr; the request id filter ties a request's lines together.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hubspoke.lib.requestid.RequestIdLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("HUBSPOKE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO; only its problems are worth a line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "hubspoke.security": {"level": "INFO"},
    },
}
