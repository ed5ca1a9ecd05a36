"""Where the links in Hubspoke's emails point. One rule for every email:

1. ``HUBSPOKE_BASE_URL``, when it is set, always wins;
2. otherwise, the scheme and host of the request being answered (Django's ``get_host()``
   refuses a host that is not in ``ALLOWED_HOSTS``; the scheme follows ``X-Forwarded-Proto``
   in production);
3. outside a request (a management command), the development server's address, except in
   production, where a link cannot be guessed and ``HUBSPOKE_BASE_URL`` must be set."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"


def absolute_url(path: str, *, request=None) -> str:
    """The full address of ``path`` (which starts with "/") for an email."""
    base = (settings.HUBSPOKE_BASE_URL or "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "Set HUBSPOKE_BASE_URL (e.g. https://hubspoke.example.org): an email sent outside a request "
            "needs it for its links."
        )
    return DEVELOPMENT_BASE_URL + path
