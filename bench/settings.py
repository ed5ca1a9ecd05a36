"""Settings for benchmark runs only: the product's settings, plus a middleware that reports each
response's query count and time in headers. Used by ``python -m bench`` through
DJANGO_SETTINGS_MODULE; production and the tests never load it."""

from hubspoke.settings import *  # noqa: F403

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
