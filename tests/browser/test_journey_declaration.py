"""Journey 3: a coordinator sets up a partnership, invites a member and writes the declaration;
both organisations sign, the coordinator submits, a reviewer asks for a change, the coordinator
amends and resubmits, the reviewer approves, and the worker renders the published PDF."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.support import JOURNEY, Keyboard, pdf_first_page_png, sign_in

pytestmark = JOURNEY

COORDINATOR = "coordinator@earlall.example"
MEMBER = "member@catalunya.example"
REVIEWER = "reviewer@pact-portal.example"
MEMBER_ORG = "Catalan Vocational Training Agency"


def save_section(page, kb: Keyboard, field: str, text: str, journey=None) -> None:
    if journey:
        journey.check(f"edit-{field}", page=page)
    main = page.get_by_role("main")
    kb.type(main.get_by_label(field, exact=True), text)
    kb.submit(main.get_by_role("button", name="Save and go to the next section"))
    assert page.get_by_text("Saved.").count(), "the section was not saved"


def sign_for(page, kb: Keyboard, journey, organisation: str, label: str) -> None:
    """The organisation's administrator reads the declaration and signs it."""
    main = page.get_by_role("main")
    card = main.locator(".card").filter(has_text=f"{organisation} is asked to sign")
    kb.press(card.get_by_role("link", name="Read and answer"))
    journey.check(label, page=page)
    kb.choose_radio(main.get_by_role("radio", name="We sign this declaration"))
    kb.submit(main.get_by_role("button", name="Record the answer"))
    assert page.get_by_text("your answer is recorded").count()


def test_it_takes_a_declaration_from_draft_to_published_pdf(journey, open_page, portal_db):
    suffix = uuid.uuid4().hex[:6]
    name = f"Green Renovation Skills Partnership Catalonia {suffix}"
    co = journey.page
    co_kb = Keyboard(co)

    # The coordinator sets up the partnership.
    sign_in(co, co_kb, COORDINATOR, DEMO_PASSWORD)
    co_kb.press(co.get_by_role("link", name="Set up a new partnership"))
    journey.check("new-partnership")
    form = co.get_by_role("main").locator("form.partnership-form")
    co_kb.type(form.get_by_label("Name", exact=False).first, name)
    co_kb.type(form.get_by_label("Acronym"), f"GRSP-{suffix}")
    co_kb.choose_radio(form.get_by_role("radio", name="Regional Skills Partnership"))
    co_kb.choose_radio(form.get_by_role("radio", name="A single region within a Member State"))
    co_kb.check_box(form.get_by_role("checkbox", name="Spain"))
    co_kb.type(form.get_by_label("NUTS regions covered"), "ES51")
    co_kb.type(
        form.get_by_label("Short description"),
        "Vocational schools, builders and the regional government train workers in energy renovation.",
    )
    co_kb.submit(form.get_by_role("button", name="Set up the partnership"))
    co.get_by_role("heading", level=1, name=re.compile(re.escape(name))).wait_for()
    journey.check("workspace")
    slug = re.search(r"/partnerships/([^/]+)/", co.url).group(1)

    # ... and invites a member organisation, which accepts.
    co_kb.press(co.get_by_role("main").get_by_role("link", name="Invite an organisation"))
    co_kb.type(co.get_by_role("searchbox", name="Find a member organisation"), "Catalan")
    co.get_by_role("radio", name=re.compile(MEMBER_ORG)).wait_for()
    journey.check("invite")
    co_kb.choose_radio(co.get_by_role("radio", name=re.compile(MEMBER_ORG)))
    co_kb.submit(co.get_by_role("button", name="Send the invitation", exact=True))
    assert co.get_by_text(f"{MEMBER_ORG} is invited").count()

    mb = open_page()
    mb_kb = Keyboard(mb)
    sign_in(mb, mb_kb, MEMBER, DEMO_PASSWORD)
    mb_kb.press(mb.get_by_role("link", name=f"Answer the invitation to {name}"))
    journey.check("invitation", page=mb)
    mb_kb.submit(mb.get_by_role("button", name="Accept and join"))
    assert mb.get_by_text(f"Welcome to {name}").count()

    # The coordinator writes the declaration, section by section.
    co.goto(f"/partnerships/{slug}/declaration/")
    journey.check("declaration-overview")
    co_kb.submit(co.get_by_role("button", name="Start writing the declaration"))
    journey.check("edit-challenges")
    save_section(
        co,
        co_kb,
        "Main challenges",
        "Two in three buildings in Catalonia must be renovated by 2050, and too few workers "
        "have the skills for deep energy renovation.",
    )
    save_section(
        co,
        co_kb,
        "Key objectives",
        "- Train renovation workers\n- Update vocational programmes with the building sector",
        journey,
    )
    save_section(
        co, co_kb, "Ambition", "Make Catalonia a reference region for renovation skills.", journey
    )

    main = co.get_by_role("main")
    journey.check("commitments")
    co_kb.press(main.get_by_role("link", name="Add a commitment"))
    journey.check("commitment-form")
    co_kb.type(main.get_by_label("Title"), "Train renovation workers")
    co_kb.check_box(main.get_by_role("checkbox", name=MEMBER_ORG))
    target = main.locator("fieldset.target-fieldset").first
    co_kb.choose(
        target.get_by_label("Indicator (KPI catalogue)"), re.compile(r"^People up- or reskilled")
    )
    co_kb.type(target.get_by_label("What is counted"), "workers trained in energy renovation")
    co_kb.type(target.get_by_label("Baseline"), "0")
    co_kb.type(target.get_by_label("Target value"), "400")
    co_kb.type_date(target.get_by_label("Target date"), dt.date(2027, 12, 31))
    co_kb.submit(main.get_by_role("button", name="Save the commitment"))
    assert co.get_by_text("Commitment “Train renovation workers” saved.").count()

    co_kb.press(
        main.get_by_role("navigation", name="Sections of the declaration").get_by_role(
            "link", name="Governance"
        )
    )
    main.get_by_label("Coordination", exact=True).wait_for()
    journey.check("edit-governance")
    co_kb.type(
        main.get_by_label("Coordination", exact=True),
        "EARLALL coordinates; a steering group meets every quarter.",
    )
    co_kb.type(
        main.get_by_label("Decision making", exact=True),
        "Decisions by consensus of the member organisations.",
    )
    save_section(co, co_kb, "Monitoring", "Members report progress every year in the portal.")

    # Signatures: both organisations are asked; each administrator signs.
    journey.check("signatories")
    for box in (
        main.get_by_role("group", name="Ask these organisations to sign")
        .get_by_role("checkbox")
        .all()
    ):
        co_kb.check_box(box)
    co_kb.submit(main.get_by_role("button", name="Ask to sign"))
    co.goto(f"/partnerships/{slug}/declaration/")
    sign_for(
        co,
        co_kb,
        journey,
        "European Association of Regional & Local Authorities for Lifelong Learning",
        "coordinator-signs",
    )
    mb.goto(f"/partnerships/{slug}/declaration/")
    sign_for(mb, mb_kb, journey, MEMBER_ORG, "member-signs")

    co.goto(f"/partnerships/{slug}/declaration/")
    co_kb.submit(co.get_by_role("button", name="Submit to the European Commission"))
    assert co.get_by_text("Version 1 was submitted to the European Commission").count()
    journey.check("submitted")

    # The reviewer asks for a change.
    rv = open_page()
    rv_kb = Keyboard(rv)
    sign_in(rv, rv_kb, REVIEWER, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    rv.goto("/partnerships/declarations/review/")
    journey.check("review-queue", page=rv)
    rv_kb.press(rv.get_by_role("link", name=re.compile(re.escape(name))))
    if rv.get_by_role("button", name="Start the review").count():
        rv_kb.submit(rv.get_by_role("button", name="Start the review"))
    journey.check("review", page=rv)
    comment = rv.locator("#comment-ambition")
    rv_kb.type(comment, "How many construction companies take part?")
    rv_kb.submit(comment.locator("xpath=..").get_by_role("button", name="Add the comment"))
    assert rv.get_by_text("Comment added.").count()
    decision = rv.locator("form#decision")
    rv_kb.choose_radio(decision.get_by_role("radio", name=re.compile("^Request changes")))
    rv_kb.type(
        decision.get_by_label("Reason or note to the coordinator"),
        "Please give the number of companies taking part in the ambition.",
    )
    rv_kb.submit(decision.get_by_role("button", name="Record the decision"))
    assert rv.get_by_text("Changes requested").first.count()

    # The coordinator amends the new draft; both organisations sign the new text; resubmission.
    co.goto(f"/partnerships/{slug}/declaration/")
    assert co.get_by_text("How many construction companies take part?").count()
    # The reviewer's overall note must reach the coordinator too, not only the section comments.
    assert co.get_by_text("Please give the number of companies").count()
    journey.check("changes-requested")
    co.goto(f"/partnerships/{slug}/declaration/edit/ambition/")
    save_section(
        co,
        co_kb,
        "Ambition",
        "Make Catalonia a reference region for renovation skills, with 60 construction companies.",
    )
    co.goto(f"/partnerships/{slug}/declaration/edit/signatories/")
    if co.get_by_role("button", name="Send the signature requests again").count():
        co_kb.submit(co.get_by_role("button", name="Send the signature requests again"))
    co.goto(f"/partnerships/{slug}/declaration/")
    sign_for(
        co,
        co_kb,
        journey,
        "European Association of Regional & Local Authorities for Lifelong Learning",
        "coordinator-signs-again",
    )
    mb.goto(f"/partnerships/{slug}/declaration/")
    sign_for(mb, mb_kb, journey, MEMBER_ORG, "member-signs-again")
    co.goto(f"/partnerships/{slug}/declaration/")
    co_kb.submit(co.get_by_role("button", name="Submit to the European Commission"))
    assert co.get_by_text("Version 2 was submitted to the European Commission").count()

    # The reviewer approves; the worker renders the PDF that the public page links.
    rv.goto("/partnerships/declarations/review/")
    rv_kb.press(rv.get_by_role("link", name=re.compile(re.escape(name))))
    if rv.get_by_role("button", name="Start the review").count():
        rv_kb.submit(rv.get_by_role("button", name="Start the review"))
    journey.check("review-v2", page=rv)
    decision = rv.locator("form#decision")
    rv_kb.choose_radio(decision.get_by_role("radio", name="Approve and publish"))
    rv_kb.submit(decision.get_by_role("button", name="Record the decision"))
    assert rv.get_by_text("Approved and published").count()

    visitor = open_page()
    visitor.goto(f"/partnerships/{slug}/")
    link = visitor.get_by_role("main").get_by_role("link", name="Download the declaration (PDF)")
    for _ in range(60):
        if link.count():
            break
        visitor.wait_for_timeout(1000)
        visitor.reload()
    assert link.count(), "the published declaration has no PDF link after a minute"
    assert visitor.get_by_text("60 construction companies").count()
    journey.check("published", page=visitor)
    response = visitor.request.get(link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    journey.step += 1
    pdf_first_page_png(response.body(), journey.folder / f"{journey.step:02d}-published-pdf.png")


def test_it_saves_the_commitment_when_enter_is_pressed_in_a_field(journey, portal_db):
    """Enter in a field of the commitment form saves it; it does not add another target."""
    co = journey.page
    kb = Keyboard(co)
    sign_in(co, kb, COORDINATOR, DEMO_PASSWORD)
    co.goto("/partnerships/lll-mobility/declaration/")
    kb.submit(co.get_by_role("button", name="Amend the declaration (new version)"))
    main = co.get_by_role("main")
    co.goto("/partnerships/lll-mobility/declaration/edit/commitments/new/")
    kb.type(main.get_by_label("Title"), "Mentor apprentices abroad")
    target = main.locator("fieldset.target-fieldset").first
    kb.choose(
        target.get_by_label("Indicator (KPI catalogue)"), re.compile(r"^People up- or reskilled")
    )
    kb.type(target.get_by_label("Baseline"), "0")
    kb.type(target.get_by_label("Target value"), "50")
    kb.type_date(target.get_by_label("Target date"), dt.date(2028, 12, 31))
    field = target.get_by_label("What is counted")
    kb.type(field, "apprentices mentored abroad")
    with co.expect_navigation():
        field.press("Enter")
    assert co.get_by_text("Commitment “Mentor apprentices abroad” saved.").count(), (
        "Enter did not save the commitment"
    )
    assert main.locator("fieldset.target-fieldset").count() == 0
