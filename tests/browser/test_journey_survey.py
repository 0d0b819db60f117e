"""Journey 5: the annual members' survey. Staff prepare and open it; two members answer (one after
an extension of its deadline, one with the spreadsheet template); staff return one, then validate
both; the totals appear on the results page beside the published years, provisional until the
survey closes, and on the home page once it has closed.

The survey's days pass faster than the journey: between steps the test moves the survey's dates
back in the database, as the calendar would, and runs what beat runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from commitments.survey import reminders
from commitments.survey.models import Survey
from pact.kernel import schedule
from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.support import JOURNEY, Keyboard, sign_in, wait_for_mail

pytestmark = JOURNEY

STAFF = "admin@pact-portal.example"
FORM_MEMBER = "member@catalunya.example"
FORM_ORG = "Catalan Vocational Training Agency"
SHEET_MEMBER = "coordinator@earlall.example"
SHEET_ORG = "European Association of Regional & Local Authorities for Lifelong Learning"
YEAR = 2026


def shift_dates(**days: int) -> None:
    """Time passes: the survey's days, counted from today."""
    today = schedule.today()
    Survey.objects.filter(year=YEAR).update(
        **{name: today + dt.timedelta(days=n) for name, n in days.items()}
    )


def test_it_runs_the_members_survey_from_preparation_to_published_totals(
    journey, open_page, portal_db
):
    staff = journey.page
    st = Keyboard(staff)
    today = schedule.today()

    # Staff prepare the survey: a title in two languages, its days, breakdowns; then open it.
    sign_in(staff, st, STAFF, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    st.follow(staff.get_by_role("navigation", name="Main").get_by_role("link", name="Staff"))
    st.follow(staff.get_by_role("link", name="Prepare a survey"))
    form = staff.get_by_role("main").locator("form")
    st.type(form.get_by_label("Year covered"), str(YEAR))
    st.type(form.get_by_label("Text in the original language").first, f"Members' survey {YEAR}")
    st.choose(form.get_by_label("Translation 1: language").first, "French")
    st.type(form.get_by_label("Translation 1: text").first, f"Enquête {YEAR} auprès des membres")
    st.type_date(form.get_by_label("Opening day"), today)
    st.type_date(form.get_by_label(re.compile("^Deadline")), today + dt.timedelta(days=14))
    st.check_box(form.get_by_label("Women", exact=True))
    st.check_box(form.get_by_label("By country", exact=True))
    journey.check("survey-form")
    st.submit(form.get_by_role("button", name="Prepare the survey"))
    assert staff.get_by_text(f"The {YEAR} survey is prepared with the headline questions.").count()
    journey.check("survey-prepared")
    st.submit(staff.get_by_role("button", name="Open the survey now"))
    assert staff.get_by_text("member organisations are being invited").count()
    wait_for_mail(portal_db["mail"], FORM_MEMBER, f"members' survey {YEAR} is open")

    # Two weeks and a half later the deadline has passed.
    shift_dates(opens_on=-17, deadline=-3, closes_on=27)

    # The first member finds its deadline passed; staff extend it for its organisation.
    member = open_page()
    mb = Keyboard(member)
    sign_in(member, mb, FORM_MEMBER, DEMO_PASSWORD)
    mb.follow(member.get_by_role("link", name=re.compile(f"^Members' survey {YEAR} — {FORM_ORG}")))
    assert member.get_by_text("will be marked late").count()
    staff.goto(f"/staff/surveys/{YEAR}/")
    journey.check("survey-staff-page")
    st.follow(staff.get_by_role("link", name=f"Extend — {FORM_ORG}"))
    form = staff.get_by_role("main").locator("form")
    st.type_date(form.get_by_label("New deadline"), today + dt.timedelta(days=5))
    st.type(form.get_by_label("Reason (for the audit log)"), "Their reporting officer was ill.")
    journey.check("extension-form")
    st.submit(form.get_by_role("button", name="Extend the deadline"))
    assert staff.get_by_text("they are told by mail").count()
    wait_for_mail(portal_db["mail"], FORM_MEMBER, f"More time for the {YEAR} members' survey")

    # ... and it answers on the form, on time again.
    member.reload()
    assert member.get_by_text("The Commission extended your organisation's deadline").count()
    journey.check_phone("answer-page", page=member)
    form = member.locator("form.survey-form")
    people = (
        form.locator("fieldset.survey-question").filter(has_text="People up- or reskilled").first
    )
    mb.type(people.get_by_label(re.compile("^Figure for the year")), "12.5")
    mb.submit(form.get_by_role("button", name="Submit the answers"))
    assert member.get_by_role("alert").get_by_text("must be whole numbers").count()
    journey.check("answer-error", page=member)
    form = member.locator("form.survey-form")
    people = (
        form.locator("fieldset.survey-question").filter(has_text="People up- or reskilled").first
    )
    mb.type(people.get_by_label(re.compile("^Figure for the year")), "300")
    mb.press(people.locator("summary"))
    mb.type(people.get_by_label(re.compile("^Of whom women")), "170")
    mb.choose(people.get_by_label("Country 1", exact=True), "Spain")
    mb.type(people.get_by_label("Figure for country 1"), "300")
    money = form.locator("fieldset.survey-question").filter(
        has_text="Investment in up- and reskilling"
    )
    answer_url = f"/survey/{YEAR}/catalunya-fp/"
    with member.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(answer_url), timeout=15_000
    ):  # the answers are saved as the person types, two seconds after the last key
        mb.type(money.get_by_label(re.compile("^Figure for the year")), "25000")
    status = member.locator("#autosave-status")
    status.get_by_text(re.compile("^Answers saved at")).wait_for()
    journey.check("answer-form", page=member)
    mb.submit(member.locator("form.survey-form").get_by_role("button", name="Submit the answers"))
    assert member.get_by_text(f"Your answers to the {YEAR} survey are submitted.").count()
    assert not member.get_by_text("marked late").count()

    # The second member answers with the spreadsheet template (after the deadline: late).
    sheet = open_page()
    sh = Keyboard(sheet)
    sign_in(sheet, sh, SHEET_MEMBER, DEMO_PASSWORD)
    sheet.goto("/survey/")
    sh.follow(sheet.get_by_role("link", name=re.compile(f"^Members' survey {YEAR} — {SHEET_ORG}")))
    with sheet.expect_download() as download:
        sh.press(sheet.get_by_role("link", name="Template (CSV)"))
    with open(download.value.path(), encoding="utf-8-sig") as template:
        rows = list(csv.DictReader(template))
    figures = {"People up- or reskilled": "120", "Investment in up- and reskilling": "9000000"}
    for row in rows:
        if not row["part"] and row["question"] in figures:
            row["answer"] = figures[row["question"]]
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    sh.follow(sheet.get_by_role("link", name="Upload a filled-in template"))
    sheet.get_by_label("CSV or XLSX file").set_input_files(
        files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": filled.getvalue().encode()}]
    )
    sh.submit(sheet.get_by_role("button", name="Check the file"))
    assert sheet.get_by_text("2 answers ready to save").count()
    journey.check("spreadsheet-preview", page=sheet)
    sh.check_box(sheet.get_by_label("Also submit the answers"))
    sh.submit(sheet.get_by_role("button", name="Save these answers"))
    assert sheet.get_by_text("The answers of the file are saved and submitted.").count()
    assert sheet.get_by_text("marked late").count()

    # Staff check both: the spreadsheet's investment is returned, then both are validated.
    staff.goto(f"/staff/surveys/{YEAR}/")
    st.follow(staff.get_by_role("link", name=f"Check the answers of {SHEET_ORG}"))
    journey.check("check-answers")
    st.type(
        staff.get_by_label("Why are the answers returned?"),
        "9,000,000 EUR looks ten times too high.",
    )
    st.submit(staff.get_by_role("button", name="Return the answers"))
    wait_for_mail(portal_db["mail"], SHEET_MEMBER, "returned for correction")
    sheet.reload()
    assert sheet.get_by_text("9,000,000 EUR looks ten times too high.").count()
    form = sheet.locator("form.survey-form")
    money = form.locator("fieldset.survey-question").filter(
        has_text="Investment in up- and reskilling"
    )
    sh.type(money.get_by_label(re.compile("^Figure for the year")), "900000")
    sh.submit(form.get_by_role("button", name="Submit the answers"))
    for organisation in (SHEET_ORG, FORM_ORG):
        staff.goto(f"/staff/surveys/{YEAR}/")
        st.follow(staff.get_by_role("link", name=f"Check the answers of {organisation}"))
        st.submit(staff.get_by_role("button", name="Validate the answers"))
        assert staff.get_by_text("The answers are validated.").count()

    # The results page shows the year beside the published ones, provisional while it is open,
    # and each total leads to the answers behind it.
    visitor = open_page()
    vk = Keyboard(visitor)
    visitor.goto("/results/")
    totals = visitor.get_by_role("table", name="Survey totals per year")
    assert totals.get_by_role("columnheader", name=f"{YEAR} provisional").count()
    assert totals.get_by_role("columnheader", name="2022 published").count()
    people_row = totals.get_by_role("row").filter(has_text="People up- or reskilled")
    assert "2,000,000" in people_row.inner_text() and "420" in people_row.inner_text()
    journey.check("results-provisional", page=visitor)
    vk.follow(
        people_row.get_by_role("link", name=re.compile(f"^420 — People up- or reskilled, {YEAR}"))
    )
    assert visitor.get_by_text("these figures are provisional").count()
    assert visitor.get_by_role("row").filter(has_text=FORM_ORG).count()
    assert visitor.get_by_role("row").filter(has_text="European Association").count()
    journey.check("answers-behind-a-total", page=visitor)
    visitor.goto("/")
    assert not visitor.get_by_text(f"People up- or reskilled ({YEAR})").count()

    # The survey closes on its closing day (beat); the home page then shows its totals.
    shift_dates(opens_on=-60, deadline=-45, closes_on=-1)
    assert reminders.run()["closed"]
    visitor.goto("/results/")
    totals = visitor.get_by_role("table", name="Survey totals per year")
    assert totals.get_by_role("columnheader", name=str(YEAR), exact=True).count()
    visitor.goto("/")
    headline = visitor.locator(".survey-headline").filter(
        has_text=f"People up- or reskilled ({YEAR})"
    )
    assert "420" in headline.inner_text()
    assert "progress reports" in headline.inner_text()
    journey.check("home-after-closing", page=visitor)
