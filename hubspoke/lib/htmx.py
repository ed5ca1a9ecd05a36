"""htmx helpers: a view renders the full page, or only its partial for an htmx request."""

from django.shortcuts import render


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page_or_partial(request, *, page: str, partial: str, context: dict, status: int = 200):
    template = partial if is_htmx(request) else page
    return render(request, template, context, status=status)
