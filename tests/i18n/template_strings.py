"""Find user-visible text in Django templates that is not marked for translation.

A template is read with Django's own lexer. Text inside ``{% translate %}``,
``{% blocktranslate %}``, comments and variables is fine; what remains is parsed as HTML and every
text node with letters, and every user-visible attribute (alt, title, aria-label, placeholder,
the value of input buttons ...), is reported. Plain-text templates (mails) are checked as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Proper nouns and technical names that read the same in every language.
ALLOWED_WORDS = {
    "API",
    "CSV",
    "EN",
    "FR",
    "DE",
    "EU",
    "JSON",
    "NUTS",
    "PDF",
    "XLSX",
    "OpenAPI",
    "TOTP",
    "URL",
}
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "label"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
# Text inside these elements is code or data, not prose.
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
MARK = "\ue000"  # stands for a template tag or variable; not a letter
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
WORD = re.compile(r"[^\W\d_][\w.-]*", re.UNICODE)
PAIRED_SKIPS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}


@dataclass(frozen=True)
class Untranslated:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def has_words(text: str) -> bool:
    """True if ``text`` has a word that is not a placeholder or an allowed proper noun."""
    text = text.replace(MARK, " ")
    return any(
        word.strip(".-") not in ALLOWED_WORDS and LETTER.search(word) for word in WORD.findall(text)
    )


def shown(text: str) -> str:
    """Text as reported: template parts shown as {…}, white space collapsed."""
    return " ".join(re.sub(f"{MARK}+", "{…}", text).split())


def strip_template(source: str) -> str:
    """The template with every tag/variable replaced by MARK and skipped blocks blanked.

    Newlines are kept so that line numbers still point into the original file.
    """
    out: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[:1] == [closing]:
                closing = None
                out.append(MARK)
            else:  # only text tokens span lines
                out.append("\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            out.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name in PAIRED_SKIPS:
                closing = PAIRED_SKIPS[name]
            out.append(MARK)
        else:  # variables and {# comments #}
            out.append(MARK)
    return "".join(out)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[tuple[int, str]] = []

    def _skipping(self) -> bool:
        return any(tag in SKIPPED_ELEMENTS for tag in self.stack)

    def handle_starttag(self, tag, attrs):
        self._attributes(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self._skipping() and has_words(data):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, shown(data)))

    def _attributes(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and (values.get("type") or "").lower() in BUTTON_INPUT_TYPES
            )
            if visible and value and has_words(value):
                self.found.append((self.getpos()[0], f'{name}="{shown(value)}"'))


def untranslated_in(path: Path) -> list[Untranslated]:
    stripped = strip_template(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        return [
            Untranslated(path, number, shown(line))
            for number, line in enumerate(stripped.splitlines(), start=1)
            if has_words(line)
        ]
    scanner = _Scanner()
    scanner.feed(stripped)
    scanner.close()
    return [Untranslated(path, line, text) for line, text in scanner.found]


def project_template_dirs(base_dir: Path) -> list[Path]:
    """``templates/`` plus every project app's own ``templates/`` folder."""
    skip = {".venv", ".devdata", "node_modules", ".git", "tests", "bench"}
    dirs = [base_dir / "templates"]
    for child in sorted(base_dir.iterdir()):
        if child.is_dir() and child.name not in skip and (child / "templates").is_dir():
            dirs.append(child / "templates")
    return [d for d in dirs if d.is_dir()]


def project_templates(base_dir: Path) -> list[Path]:
    return sorted(
        path
        for folder in project_template_dirs(base_dir)
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt", ".xml", ".svg"} and path.is_file()
    )
