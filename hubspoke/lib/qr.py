"""QR codes as inline SVG (the ``qrcode`` package's path image: pure Python, no imaging
library), for links printed on paper or shown on a screen to be scanned."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def svg(data: str, *, label: str) -> SafeString:
    """The QR code of ``data`` as an <svg> element, labelled for assistive technology."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    text = image.to_string(encoding="unicode")
    # The package's markup is its own (an <svg> with one <path>); only the label is added, escaped.
    return mark_safe(text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="hs-qr" ', 1))  # noqa: S308
