"""Markdown for long texts written by users, rendered to a small, safe HTML subset.

One path for the web pages, the emails and the PDF: markdown-it-py parses (raw HTML is not
allowed), nh3 sanitises what comes out. Headings are demoted to h3/h4 so user text never competes
with the page's own headings; links get ``rel="nofollow"``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "h3", "h4", "img"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
HEADING_LEVELS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
_LINK_OK = re.compile(r"^(https?://|mailto:|/(?!/)|#)", re.IGNORECASE)
# Images: web addresses (the browser's CSP and the PDF's fetcher decide what is loaded), the
# portal's own static files and small inline pictures. Never file: or javascript:.
_IMAGE_OK = re.compile(
    r"^(https?://|/static/|data:image/(png|jpeg|gif|webp);base64,)", re.IGNORECASE
)

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _LINK_OK.match(value.strip()) else None
    if tag == "img" and attribute == "src":
        return value if _IMAGE_OK.match(value.strip()) else None
    return value


def sanitise(html: str) -> str:
    """Keep only the safe subset of tags and attributes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="nofollow noopener",
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


def render(text: str | None) -> str:
    """Markdown to sanitised HTML (a string safe to mark as safe)."""
    if not text or not text.strip():
        return ""
    tokens = _parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_LEVELS.get(token.tag, "h4")
    return sanitise(_parser.renderer.render(tokens, _parser.options, {}))


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "li", "h3", "h4", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self._flush()
        if tag == "li":
            self.current.append("• ")
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.current.append(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def plain_text(text: str | None) -> str:
    """The rendered text without markup, one block per line (for diffs, emails and search)."""
    extractor = _TextExtractor()
    extractor.feed(render(text))
    extractor.close()
    return "\n".join(extractor.lines)
