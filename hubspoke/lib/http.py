"""Facts about the request that several apps need."""

from django.core.cache import cache


def client_ip(request) -> str | None:
    """The person's address, through trusted proxies (HUBSPOKE_TRUSTED_PROXY_COUNT), exactly as
    allauth's sign-in limits see it."""
    if request is None:
        return None
    from allauth.core.internal.httpkit import get_client_ip

    return get_client_ip(request)


def within_limit(*, key: str, limit: int, window_seconds: int) -> bool:
    """A fixed-window counter in the shared cache: False once ``limit`` hits in the window."""
    cache_key = f"hubspoke:limit:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
