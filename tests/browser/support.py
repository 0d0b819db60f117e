"""Helpers for the browser journeys: screenshots, accessibility checks, keyboard use, mail, TOTP.

Everything here drives a Playwright ``Page`` (sync API) against the live server.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Locator, Page

HERE = Path(__file__).resolve().parent
AXE_SOURCE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = HERE.parent / "artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# No axe rule is disabled: every serious or critical violation fails the journey.
AXE_DISABLED_RULES: dict[str, str] = {}
PHONE_WIDTH = 390
# Every journey module: pytestmark = JOURNEY. The live server and the worker only see committed
# data, so journeys run as transactional tests; each starts from the seeded snapshot (conftest).
JOURNEY = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- Screenshots and page checks -----------------------------------------------------------------


@dataclass
class Journey:
    """One journey's page, numbered screenshots and the list of pages axe has checked."""

    name: str
    page: Page
    step: int = 0
    checked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = SCREENSHOTS / self.name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)

    def shot(self, label: str, *, page: Page | None = None, full_page: bool = True) -> Path:
        """Save ``NN-label.png`` for this journey and return its path."""
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        path = self.folder / f"{self.step:02d}-{slug}.png"
        (page or self.page).screenshot(path=str(path), full_page=full_page)
        return path

    def check(self, label: str, *, page: Page | None = None) -> None:
        """Screenshot the page and run axe on it (zero serious or critical violations)."""
        page = page or self.page
        self.shot(label, page=page)
        axe_check(page)
        self.checked.append(f"{label}: {page.url}")

    def check_phone(self, label: str, *, page: Page | None = None) -> None:
        """Reload the page 390 px wide, screenshot it and refuse horizontal scrolling."""
        page = page or self.page
        original = page.viewport_size
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
        try:
            page.reload()
            self.shot(f"{label}-390px", page=page)
            assert_fits_phone(page)
        finally:
            if original:
                page.set_viewport_size(original)


def axe_check(page: Page, *, context: str | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; fail on serious or critical violations.

    Returns the minor and moderate violations so a caller may look at them.
    """
    page.evaluate(AXE_SOURCE)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in AXE_DISABLED_RULES},
        "resultTypes": ["violations"],
    }
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, options],
    )
    violations = result["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        raise AssertionError(
            f"axe found {len(blocking)} serious/critical violation(s) on {page.url}:\n"
            + format_violations(blocking)
        )
    return violations


def format_violations(violations: list[dict]) -> str:
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(json.dumps(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


OVERFLOWING_ELEMENTS = """([limit, wide]) => {
  // An element may reach past the viewport only inside a labelled container that scrolls
  // sideways (role=region with a name); hiding the overflow does not count.
  const scrollsAndIsLabelled = (el) => {
    const style = getComputedStyle(el);
    return ['auto', 'scroll'].includes(style.overflowX)
      && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))
      && el.getBoundingClientRect().right <= limit + 1;
  };
  const excused = (el) => {
    for (let parent = el.parentElement; parent; parent = parent.parentElement) {
      if (scrollsAndIsLabelled(parent)) { return true; }
    }
    return false;
  };
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) { return false; }
      if (getComputedStyle(el).visibility === 'hidden') { return false; }
      return box.right > limit + 1 && (!excused(el) || wide);
    })
    .slice(0, 8)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
         + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
         + ' right=' + Math.round(el.getBoundingClientRect().right));
}"""


def assert_fits_phone(page: Page, width: int = PHONE_WIDTH) -> None:
    """Nothing reaches past a ``width`` px viewport, except inside a labelled scrolling container.

    The page must not scroll sideways either.
    """
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    culprits = page.evaluate(OVERFLOWING_ELEMENTS, [width, False])
    if scroll_width > width and not culprits:
        culprits = page.evaluate(OVERFLOWING_ELEMENTS, [width, True])
    if scroll_width > width or culprits:
        raise AssertionError(
            f"{page.url} is {scroll_width}px wide at {width}px; elements past the edge outside a "
            f"labelled scrolling container: {culprits}"
        )


# --- Keyboard ------------------------------------------------------------------------------------


class Keyboard:
    """Reach and use controls with Tab, Shift+Tab, Enter, Space and arrow keys only."""

    def __init__(self, page: Page, max_tabs: int = 200) -> None:
        self.page = page
        self.max_tabs = max_tabs

    def focused(self, target: Locator) -> bool:
        return bool(target.evaluate("el => el === document.activeElement"))

    def tab_to(self, target: Locator, *, backwards: bool = False) -> int:
        """Press Tab (or Shift+Tab) until ``target`` has focus; return how many presses it took."""
        target = target.first
        target.wait_for(state="visible")
        key = "Shift+Tab" if backwards else "Tab"
        for presses in range(self.max_tabs + 1):
            if self.focused(target):
                self._assert_focus_visible(target)
                return presses
            self.page.keyboard.press(key)
        description = target.evaluate("el => el.outerHTML.slice(0, 200)")
        raise AssertionError(f"{description} cannot be reached with {key} on {self.page.url}")

    def _assert_focus_visible(self, target: Locator) -> None:
        # WCAG 2.4.7: the focused control shows an outline or a box shadow.
        visible = target.evaluate(
            """el => { const s = getComputedStyle(el);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                       || s.boxShadow !== 'none'; }"""
        )
        assert visible, f"focus is not visible on {target.evaluate('el => el.outerHTML')[:200]}"

    def press(self, target: Locator, key: str = "Enter") -> None:
        """Tab to ``target`` and press ``key`` (Enter for links and buttons, Space for boxes)."""
        self.tab_to(target)
        self.page.keyboard.press(key)

    def follow(self, link: Locator) -> None:
        """Tab to a link and press Enter, waiting for the page it leads to."""
        href = link.first.get_attribute("href") or ""
        self.tab_to(link)
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(lambda url: url.split("?")[0].endswith(href.split("?")[0]))
        self.page.wait_for_load_state()

    def type(self, target: Locator, text: str, *, clear: bool = True) -> None:
        """Tab to a text field and type ``text`` (replacing what was there)."""
        self.tab_to(target)
        if clear:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def choose(self, select: Locator, label: str | re.Pattern[str], *, pause_ms: int = 150) -> None:
        """Tab to a closed ``<select>`` and move through its options with the arrow keys.

        Keys are pressed at a person's pace: filters that refresh results on every change must
        keep up with someone walking through the list.
        """
        self.tab_to(select)
        select = select.first
        labels: list[str] = select.evaluate("el => Array.from(el.options).map(o => o.text.trim())")
        matches = [
            i
            for i, text in enumerate(labels)
            if (label.search(text) if isinstance(label, re.Pattern) else text == label)
        ]
        assert matches, f"no option {label!r} in {labels}"
        wanted = matches[0]
        current = select.evaluate("el => el.selectedIndex")
        key = "ArrowDown" if wanted > current else "ArrowUp"
        for _ in range(abs(wanted - current)):
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(pause_ms)
        self.page.wait_for_load_state("networkidle")
        chosen = select.evaluate("el => el.options[el.selectedIndex].text.trim()")
        assert chosen == labels[wanted], (
            f"arrow keys left {chosen!r} selected, not {labels[wanted]!r}"
        )

    def choose_radio(self, radio: Locator) -> None:
        """Tab into a radio group (one tab stop) and move to ``radio`` with the arrow keys."""
        radio = radio.first
        radio.wait_for(state="visible")
        name = radio.get_attribute("name")
        for _ in range(self.max_tabs):
            focused_name = self.page.evaluate(
                "() => document.activeElement && document.activeElement.type === 'radio'"
                " ? document.activeElement.name : null"
            )
            if focused_name == name:
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"the radio group {name!r} cannot be reached with Tab")
        for _ in range(20):
            if self.focused(radio):
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"arrow keys never reach {radio.evaluate('el => el.outerHTML')}")
        if not radio.is_checked():
            self.page.keyboard.press("Space")
        assert radio.is_checked()

    def type_date(self, target: Locator, day: date) -> None:
        """Type a date into ``<input type=date>`` in the field order this browser shows."""
        pattern = self._date_pattern()  # before focusing: the probe takes the focus for a moment
        self.tab_to(target)
        self.page.keyboard.type(day.strftime(pattern))
        assert target.first.input_value() == day.isoformat(), target.first.input_value()

    def _date_pattern(self) -> str:
        # Chromium orders a date field by its own UI locale, not the page's; ask a throwaway field.
        probe = self.page.evaluate(
            """() => { const i = document.createElement('input'); i.type = 'date';
                       document.body.append(i); i.focus(); return true; }"""
        )
        assert probe
        self.page.keyboard.type("01022003")
        value = self.page.evaluate(
            """() => { const i = document.body.lastElementChild; const v = i.value;
                       i.remove(); return v; }"""
        )
        return {"2003-01-02": "%m%d%Y", "2003-02-01": "%d%m%Y"}.get(value, "%Y%m%d")

    def check_box(self, box: Locator, checked: bool = True) -> None:
        """Tab to a checkbox or radio button and toggle it with Space if needed."""
        self.tab_to(box)
        if box.first.is_checked() != checked:
            self.page.keyboard.press("Space")
        assert box.first.is_checked() == checked

    def submit(self, button: Locator) -> None:
        """Tab to a submit button and press Enter, waiting for the next page to load."""
        self.tab_to(button)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


# --- Mail, TOTP and PDFs -------------------------------------------------------------------------


def read_mails(folder: Path) -> list[Message]:
    """Messages written by the development mail backend (one ``.log`` file per message)."""
    messages: list[Message] = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        raw = path.read_bytes()
        separator = b"-" * 79
        for chunk in raw.split(separator):
            chunk = chunk.strip()
            if chunk:
                messages.append(message_from_bytes(chunk))
    return messages


def subject_of(message: Message) -> str:
    return " ".join(str(make_header(decode_header(str(message["Subject"])))).split())


def mail_text(message: Message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                payload = part.get_payload(decode=True)
                return payload.decode(part.get_content_charset() or "utf-8") if payload else ""
        return ""
    payload = message.get_payload(decode=True)
    return (
        payload.decode(message.get_content_charset() or "utf-8")
        if isinstance(payload, bytes)
        else ""
    )


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def totp_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def pdf_first_page_png(pdf: bytes, target: Path) -> Path:
    """Render page 1 of a PDF with poppler's pdftoppm so the journey keeps a picture of it."""
    source = target.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(target.with_suffix("")),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return target


# --- Signing in ----------------------------------------------------------------------------------

_last_totp_counter: dict[str, int] = {}


def fresh_totp_code(secret: str, email: str) -> str:
    """A code the portal has not seen for this person: a used code is refused for its 30 s."""
    totp = pyotp.TOTP(secret)
    counter = totp.timecode(datetime.now(UTC))
    if _last_totp_counter.get(email) == counter:
        time.sleep(totp.interval - (time.time() % totp.interval) + 0.5)
        counter = totp.timecode(datetime.now(UTC))
    _last_totp_counter[email] = counter
    return totp.at(datetime.now(UTC))


def sign_in(
    page: Page,
    keyboard: Keyboard,
    email: str,
    password: str,
    totp_secret: str | None = None,
    *,
    journey: Journey | None = None,
) -> None:
    """Sign in with the keyboard only; staff also type their authenticator code.

    With a ``journey``, the sign-in (and code) pages are screenshotted and checked with axe.
    """
    page.goto("/accounts/login/")
    if journey:
        journey.check("sign-in", page=page)
    keyboard.type(page.locator("input[name=login]"), email)
    keyboard.type(page.locator("input[name=password]"), password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if totp_secret:
        if journey:
            journey.check("authenticator-code", page=page)
        keyboard.type(page.locator("input[name=code]"), fresh_totp_code(totp_secret, email))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Sign out").count(), f"{email} is not signed in"


def sign_out(page: Page, keyboard: Keyboard) -> None:
    keyboard.submit(page.get_by_role("button", name="Sign out"))


def wait_for_mail(
    folder: Path, to: str, subject: str | re.Pattern[str], timeout: float = 60
) -> Message:
    """The first mail to ``to`` whose subject matches, waiting for the worker to send it."""
    deadline = time.monotonic() + timeout
    while True:
        for message in read_mails(folder):
            matches = (
                subject.search(subject_of(message))
                if isinstance(subject, re.Pattern)
                else subject in subject_of(message)
            )
            if to in str(message["To"]) and matches:
                return message
        if time.monotonic() > deadline:
            seen = [(m["To"], subject_of(m)) for m in read_mails(folder)]
            raise AssertionError(f"no mail to {to} about {subject!r} within {timeout}s; saw {seen}")
        time.sleep(0.5)
