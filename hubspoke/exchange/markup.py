"""Posts are written in Markdown and shown as HTML that cannot carry anything of the writer's
own: markdown-it-py (CommonMark, with raw HTML switched off, so ``<script>`` is text) renders it,
and nh3 (the Ammonia sanitiser) keeps only the tags and attributes a post needs, links with
``http``, ``https`` or ``mailto`` addresses only, each opened without handing the forum's page
to the site it leads to (``rel="noopener noreferrer nofollow"``)."""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["strikethrough", "table"])

TAGS = {"p", "br", "strong", "em", "del", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4",
        "hr", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}  # no style: the pages allow no inline style
SCHEMES = {"http", "https", "mailto"}
# Headings inside a post sit below the page's own: Markdown's # and ## become level 3.
_HEADINGS = re.compile(r"<(/?)h[12](\W)")


def render(body: str) -> str:
    """The post's Markdown as safe HTML, with GOV.UK's classes on what needs them."""
    rendered = _md.render(body or "")
    rendered = _HEADINGS.sub(r"<\1h3\2", rendered)
    rendered = re.sub(r"<(/?)h[456](\W)", r"<\1h4\2", rendered)
    clean = nh3.clean(rendered, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    return _govuk(clean)


def _govuk(markup: str) -> str:
    """GOV.UK Frontend's classes, added after sanitising (to tags nh3 has already made safe)."""
    for tag, classes in (("p", "govuk-body"), ("ul", "govuk-list govuk-list--bullet"),
                         ("ol", "govuk-list govuk-list--number"), ("a", "govuk-link"),
                         ("h3", "govuk-heading-s"), ("h4", "govuk-heading-s"), ("table", "govuk-table"),
                         ("blockquote", "hs-quote"), ("hr", "govuk-section-break govuk-section-break--m "
                                                           "govuk-section-break--visible")):
        markup = re.sub(rf"<{tag}(?=[\s>])", f'<{tag} class="{classes}"', markup)
    return markup


def quoted(author: str, body: str) -> str:
    """A reply's opening that quotes another post: its words as a Markdown block quote."""
    lines = (body or "").strip().splitlines() or [""]
    return f"> **{author} wrote:**\n>\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"


def plain(body: str, *, limit: int = 200) -> str:
    """The post's words without markup, shortened (search results, the digest)."""
    text = re.sub(r"<[^>]+>", " ", render(body))
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
