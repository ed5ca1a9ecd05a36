"""Headers that Django's own middleware does not set."""

from django.utils.cache import add_never_cache_headers, patch_cache_control

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy, and ``Cache-Control: no-store`` to every page (static files are
    answered by WhiteNoise before they reach this middleware): a page of Hubspoke, signed in or
    not (a set-password page, say), must never be kept by a shared or back-button cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response
