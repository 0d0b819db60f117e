"""Journey 4: staff open a reporting cycle; a member reports progress, first with a value the
portal refuses, then corrected, and submits; staff validate; the partnership page and the results
page show the new figure; the Creative LSP's coordinator follows its sub-partnerships."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.support import JOURNEY, Keyboard, sign_in

pytestmark = JOURNEY

STAFF = "admin@pact-portal.example"
MEMBER = "member@catalunya.example"
MEMBER_ORG = "Catalan Vocational Training Agency"
LSP_COORDINATOR = "coordinator@creative-lsp.example"
YEAR = 2026


def fact(page, term: str) -> str:
    """The text of the ``<dd>`` that follows ``<dt>term</dt>`` in the main content."""
    return page.get_by_role("main").locator(f"dt:text-is('{term}') + dd").first.inner_text()


def test_it_takes_yearly_progress_from_report_to_public_results(journey, open_page, portal_db):
    staff = journey.page
    st = Keyboard(staff)
    today = dt.date.today()

    # Staff schedule the cycle and open it; the portal first asks to close the open one.
    sign_in(staff, st, STAFF, DEMO_PASSWORD, DEMO_TOTP_SECRET, journey=journey)
    st.press(staff.get_by_role("navigation", name="Main").get_by_role("link", name="Staff"))
    st.press(staff.get_by_role("link", name=re.compile("^Monitoring of yearly reporting")))
    journey.check("monitoring")
    st.press(staff.get_by_role("link", name="Schedule a reporting cycle"))
    journey.check("cycle-form")
    form = staff.get_by_role("main").locator("form")
    st.type(form.get_by_label("Year covered"), str(YEAR))
    st.type_date(form.get_by_label("Opening date"), today)
    st.type_date(form.get_by_label("Deadline", exact=True), today + dt.timedelta(days=20))
    st.type_date(form.get_by_label("Closing date"), today + dt.timedelta(days=30))
    st.submit(form.get_by_role("button", name="Schedule"))
    assert staff.get_by_text(f"Reporting cycle {YEAR} scheduled.").count()
    st.submit(staff.get_by_role("button", name="Open the cycle"))
    assert staff.get_by_text("Another reporting cycle is open. Close it first.").count()
    staff.goto(f"/staff/monitoring/{YEAR - 1}/")
    st.submit(staff.get_by_role("button", name="Close the cycle and lock its reports"))
    assert staff.get_by_text(f"The {YEAR - 1} cycle is closed").count()
    staff.goto(f"/staff/monitoring/{YEAR}/")
    st.submit(staff.get_by_role("button", name="Open the cycle"))
    assert staff.get_by_text(f"The {YEAR} cycle is open").count()
    journey.check("cycle-open")

    # Staff extend the deadline for the member organisation (audited, mailed).
    st.press(staff.get_by_role("link", name="Extend the deadline"))
    journey.check("cycle-extend")
    form = staff.get_by_role("main").locator("form")
    st.type_date(form.get_by_label("New deadline"), today + dt.timedelta(days=25))
    st.type(form.get_by_label("Organisations"), "catalunya-fp")
    st.type(form.get_by_label("Reason"), "Regional elections")
    st.submit(form.get_by_role("button", name="Extend the deadline"))
    assert staff.get_by_text("Deadline extended").count(), staff.get_by_role("main").inner_text()

    # A member organisation reports on one of its (non-percentage) targets.
    member = open_page()
    mb = Keyboard(member)
    sign_in(member, mb, MEMBER, DEMO_PASSWORD)
    mb.press(member.get_by_role("link", name="All reporting"))
    mb.press(member.get_by_role("main").get_by_role("link", name=MEMBER_ORG).first)
    journey.check("report-sheet", page=member)
    sheet_url = member.url
    links = member.get_by_role("main").get_by_role("link", name=re.compile(r"^Report\b"))
    for index in range(links.count()):
        member.goto(sheet_url)
        mb.press(links.nth(index))
        if "%" not in fact(member, "Target"):
            break
    else:
        raise AssertionError("the member has no count or amount target to report on")
    target_text = fact(member, "Target")
    partnership = fact(member, "Partnership")
    target_value = int(re.sub(r"[^\d]", "", target_text.split(" by ")[0].split(" ")[0]))
    value = max(1, target_value // 4)
    journey.check("report-form", page=member)
    journey.check_phone("report-form", page=member)

    form = member.locator("form.report-form")
    mb.type(form.get_by_label(re.compile("^Value achieved in the year")), "12.5")
    mb.type(
        form.get_by_label(re.compile("^What was done")),
        "Courses for trainers in the four provinces.",
    )
    mb.submit(form.get_by_role("button", name="Submit report"))
    summary = member.get_by_role("alert")
    assert summary.get_by_text("must be whole numbers").count(), summary.inner_text()
    assert form.get_by_label(re.compile("^What was done")).input_value().startswith("Courses")
    journey.check("report-error", page=member)
    mb.type(form.get_by_label(re.compile("^Value achieved in the year")), str(value))
    mb.submit(form.get_by_role("button", name="Submit report"))
    assert member.get_by_text("Report submitted.").count()

    # Staff validate it from the queue, filtered to the year, with the bulk action.
    staff.goto(f"/staff/monitoring/reports/?cycle={YEAR}")
    journey.check("reports-to-validate")
    row = staff.get_by_role("row").filter(has_text=MEMBER_ORG).filter(has_text=f"— {YEAR}")
    row.get_by_role("checkbox").first.check()
    st.submit(staff.get_by_role("button", name="Validate the reports ticked"))
    assert staff.get_by_text("1 reports done, 0 skipped").count()

    # The public pages show the new figure.
    visitor = open_page()
    vk = Keyboard(visitor)
    visitor.goto(f"/partnerships/?q={quote(partnership)}")
    vk.follow(visitor.locator("#results ol").get_by_role("link", name=partnership, exact=True))
    progress = (
        visitor.get_by_role("main")
        .locator("section, div")
        .filter(has=visitor.get_by_role("heading", name="Progress towards the targets"))
    )
    # The 2026 cycle is still open: its figure is labelled provisional.
    assert progress.get_by_text("provisional").count(), "the 2026 figure is not provisional"
    assert visitor.get_by_text(f"{value:,}", exact=False).count()
    journey.check("partnership-progress", page=visitor)

    visitor.goto(f"/results/?year={YEAR}")
    totals = visitor.get_by_role(
        "table", name="Sums of validated reports, summable indicators only"
    )
    assert totals.get_by_role("columnheader", name=str(YEAR)).count()
    assert totals.get_by_role("link", name=f"{value:,}").count(), totals.inner_text()
    journey.check("results", page=visitor)

    # The Creative LSP's coordinator follows its sub-partnerships: counts per state, their
    # validated figures, and their SACCORD agreement surveys side by side.
    lsp = open_page()
    lk = Keyboard(lsp)
    sign_in(lsp, lk, LSP_COORDINATOR, DEMO_PASSWORD)
    lsp.goto("/reporting/")
    lk.follow(lsp.get_by_role("link", name=re.compile("^Reporting status of Large-Scale")))
    lk.follow(lsp.get_by_role("link", name="The reporting of the sub-partnerships"))
    main = lsp.get_by_role("main")
    status = main.get_by_role("table", name="Reports per state, sub-partnership by sub-partnership")
    assert status.get_by_role("row", name=re.compile("Local Ecosystem Partnership")).count() == 4
    surveys = main.get_by_role("table", name="Agreement with the skills statements, 1 to 5")
    for lep in ("LEP Upper Austria", "LEP Amsterdam", "LEP Prague", "LEP Matera"):
        assert surveys.get_by_role("columnheader", name=re.compile(lep)).count(), lep
    journey.check("lsp-oversight", page=lsp)
