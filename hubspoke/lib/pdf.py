"""PDFs made on the server with WeasyPrint, from HTML the app renders with its own templates.

WeasyPrint needs Pango (a system library) at import time. A machine without it still runs the
product: ``available()`` says what is missing, in words a person can act on, and callers show
that beside a disabled PDF button rather than failing. Imported lazily, so that a missing Pango
never stops Django from starting.

WeasyPrint is told to make a tagged PDF (PDF/UA), so headings, lists and tables keep their
structure for screen readers; it fetches nothing over the network (``url_fetcher`` refuses every
URL that is not a file inside the project's static files), so a PDF never reaches out."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

MISSING_PANGO = (
    "PDFs cannot be made on this server: the Pango text library that WeasyPrint needs is not "
    "installed (on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
    "The printable page works without it."
)


@functools.cache
def _import_error() -> str:
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as error:  # OSError: a shared library is missing
        return f"{MISSING_PANGO} ({error.__class__.__name__}: {str(error)[:120]})"
    return ""


def available() -> tuple[bool, str]:
    """(True, "") when PDFs can be made here; otherwise (False, what is missing)."""
    problem = _import_error()
    return (not problem, problem)


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    roots.append(Path(__file__).resolve().parents[1] / "static")
    return roots


def _local_fetcher():
    """WeasyPrint's fetcher, limited to files under the project's static folders: a PDF made
    here never reaches the network, whatever a template or a typed text links to."""
    from weasyprint.urls import URLFetcher

    roots = _static_roots()

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url[len("file://"):].split("?")[0]).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"PDFs fetch nothing from outside the project: {url[:80]}")

    return LocalFilesOnly(allowed_protocols=["file"])


def render(html: str) -> bytes:
    """The PDF of an HTML document (a full page the caller rendered). Raises RuntimeError with
    ``available()``'s message where WeasyPrint cannot run here."""
    ok, problem = available()
    if not ok:
        raise RuntimeError(problem)
    import weasyprint

    static = Path(__file__).resolve().parents[1] / "static"
    document = weasyprint.HTML(string=html, base_url=static.as_uri() + "/", url_fetcher=_local_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
