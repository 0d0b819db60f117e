"""Journeys of an organisation's life (issue 21), on the demo portal: a Commission reviewer suspends a
member organisation with a reason and reinstates it; an organisation's administrator withdraws it;
a reviewer approves a pledge before it is public; a supporter gets the newsletter by default and
stops it in one click, signed out. Each step leaves its audit row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from commitments.models import Commitment, Indicator
from commitments.pledges import services as pledges
from members.models import Organisation
from pact.communications.models import NewsletterSubscription
from pact.communications.newsletter import services as newsletter
from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from pact.models import AuditEntry, User
from partnerships.models import CoordinatorVacancy, Partnership
from tests.browser.support import JOURNEY, sign_in, sign_out, wait_for_mail

pytestmark = JOURNEY

REVIEWER = "reviewer@pact-portal.example"


def _organisation_of(email: str) -> Organisation:
    return Organisation.objects.get(memberships__user__email=email, memberships__role="admin")


def _audit(kind: str, organisation: Organisation) -> AuditEntry:
    return AuditEntry.objects.get(kind=kind, target_id=str(organisation.pk))


def test_it_lets_staff_suspend_an_organisation_and_reinstate_it(journey, keyboard, page, portal_db):
    organisation = _organisation_of("member@catalunya.example")
    sign_in(page, keyboard, REVIEWER, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page.goto(f"/members/{organisation.slug}/")
    keyboard.press(page.get_by_role("link", name="Membership status"))
    page.wait_for_url(re.compile(r"/status/$"))
    journey.check("status-page")
    form = page.get_by_role("main").locator("form").filter(has_text="Suspend")
    keyboard.type(form.get_by_label("Reason for the suspension"), "Figures not substantiated.")
    keyboard.submit(form.get_by_role("button", name="Suspend the organisation"))
    page.get_by_text("The organisation is suspended.").wait_for()
    assert page.get_by_test_id("org-status").inner_text() == "Suspended"
    journey.check("suspended")
    entry = _audit("pact.organisation.suspended", organisation)
    assert entry.actor.email == REVIEWER and entry.data["reason"] == "Figures not substantiated."
    message = wait_for_mail(
        portal_db["mail"], "member@catalunya.example", "is suspended from the Pact for Skills"
    )
    assert message is not None

    # Everyone sees the status on the public profile; the organisation is not listed.
    visitor = page.context.browser.new_context(base_url=portal_db["url"]).new_page()
    visitor.goto(f"/members/{organisation.slug}/")
    assert "Suspended by the Commission" in visitor.get_by_test_id("org-status").inner_text()
    journey.shot("public-profile-suspended", page=visitor)
    visitor.context.close()

    # Reinstatement, by the same page.
    form = page.get_by_role("main").locator("form").filter(has_text="Reinstate")
    keyboard.type(form.get_by_label("Note to the organisation"), "Evidence received.")
    keyboard.submit(form.get_by_role("button", name="Reinstate as an active member"))
    page.get_by_text("The organisation is an active member again.").wait_for()
    assert page.get_by_test_id("org-status").inner_text() == "Active member"
    journey.check("reinstated")
    entry = _audit("pact.organisation.reinstated", organisation)
    assert (
        entry.data["previous_status"] == "suspended" and entry.data["note"] == "Evidence received."
    )
    wait_for_mail(portal_db["mail"], "member@catalunya.example", "is an active Pact member again")


def test_it_lets_an_administrator_withdraw_the_organisation(journey, keyboard, page, portal_db):
    admin = "coordinator@lombardia.example"
    organisation = _organisation_of(admin)
    coordinated = list(Partnership.objects.filter(coordinator=organisation))
    assert coordinated
    sign_in(page, keyboard, admin, DEMO_PASSWORD)
    page.goto(f"/members/{organisation.slug}/manage/")
    keyboard.press(page.get_by_role("link", name="Withdraw from the Pact"))
    page.wait_for_url(re.compile(r"/withdraw/$"))
    journey.check("withdraw-form")
    form = page.get_by_role("main").locator("form.stacked")
    keyboard.type(form.get_by_label("Type the organisation's name to confirm"), "Not the name")
    keyboard.submit(form.get_by_role("button", name="Withdraw from the Pact"))
    page.get_by_text("Type the organisation's name exactly as shown to confirm.").first.wait_for()
    journey.check("withdraw-refused")
    organisation.refresh_from_db()
    assert organisation.status == "active"
    form = page.get_by_role("main").locator("form.stacked")
    keyboard.type(form.get_by_label("Type the organisation's name to confirm"), organisation.name)
    keyboard.submit(form.get_by_role("button", name="Withdraw from the Pact"))
    page.get_by_text("The organisation has withdrawn from the Pact.").wait_for()
    assert "Withdrew from the Pact" in page.get_by_test_id("org-status").inner_text()
    journey.check("withdrawn-profile")
    organisation.refresh_from_db()
    assert organisation.status == "withdrawn"
    entry = _audit("pact.organisation.withdrawn", organisation)
    assert entry.actor.email == admin
    wait_for_mail(portal_db["mail"], admin, "withdrew from the Pact for Skills")
    # The partnership it coordinated stays public, says it waits for a coordinator, and is a
    # task on the staff home.
    for partnership in coordinated:
        assert CoordinatorVacancy.objects.filter(
            partnership=partnership, reason="withdrawn", closed_at=None
        ).exists()
    sign_out(page, keyboard)
    page.goto(f"/partnerships/{coordinated[0].slug}/")
    page.get_by_test_id("coordinator-vacancy").wait_for()
    journey.check("partnership-waiting-for-coordinator")


def test_it_keeps_a_pledge_private_until_staff_approve_it(journey, keyboard, page, portal_db):
    organisation = _organisation_of("member@catalunya.example")
    member = User.objects.get(email="member@catalunya.example")
    pledge = pledges.create_pledge(
        organisation=organisation,
        actor=member,
        title="Train 1,000 welders in robot programming",
        description="",
        targets=[
            pledges.TargetInput(
                indicator=Indicator.objects.get(code="people-upskilled"),
                target_value=Decimal(1000),
                target_date=dt.date(2030, 12, 31),
            )
        ],
    )
    page.goto(f"/members/{organisation.slug}/")
    assert page.get_by_text(pledge.title).count() == 0
    sign_in(page, keyboard, REVIEWER, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page.goto("/staff/")
    keyboard.press(page.get_by_role("link", name="Review pledges"))
    journey.check("pledge-queue")
    keyboard.press(page.get_by_role("link", name=pledge.title))
    journey.check("pledge-review")
    keyboard.check_box(page.get_by_role("radio", name="Approve: make it public"))
    keyboard.submit(page.get_by_role("button", name="Record the decision"))
    page.get_by_text("Pledge approved: it is public.").wait_for()
    pledge.refresh_from_db()
    assert pledge.review == "approved" and pledge in Commitment.objects.public()
    entry = AuditEntry.objects.get(kind="pact.pledge.approved", target_id=str(pledge.pk))
    assert entry.actor.email == REVIEWER
    sign_out(page, keyboard)
    page.goto(f"/members/{organisation.slug}/")
    page.get_by_role("heading", name=pledge.title).wait_for()
    journey.check("profile-with-pledge")


def test_it_gives_a_supporter_the_newsletter_and_one_click_to_stop_it(
    journey, keyboard, page, portal_db
):
    from allauth.account.models import EmailAddress

    email = "new-supporter@example.org"
    person = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, full_name="Sam Supporter"
    )
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    page.goto("/")
    before = int(page.get_by_test_id("supporters").locator(".stat").inner_text().replace(",", ""))
    sign_in(page, keyboard, email, DEMO_PASSWORD)
    page.goto("/members/supporter/")
    journey.check("supporter-page")
    keyboard.submit(page.get_by_role("button", name="Become a supporter"))
    assert "The newsletter goes to" in page.get_by_test_id("newsletter-state").inner_text()
    journey.check("supporter-with-newsletter")
    subscription = NewsletterSubscription.objects.get(email=email)
    assert subscription.status == "confirmed"
    assert AuditEntry.objects.filter(kind="pact.supporter.joined", actor=person).exists()
    assert AuditEntry.objects.filter(
        kind="pact.newsletter.subscription_confirmed", actor=person
    ).exists()
    sign_out(page, keyboard)
    page.goto("/")
    after = int(page.get_by_test_id("supporters").locator(".stat").inner_text().replace(",", ""))
    assert after == before + 1
    journey.check("home-supporters")

    # The link in every newsletter works signed out: one click stops it.
    page.goto(newsletter.unsubscribe_url(subscription).removeprefix(portal_db["url"]))
    journey.check("unsubscribe")
    keyboard.submit(page.get_by_role("main").get_by_role("button", name="Unsubscribe"))
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"
    assert AuditEntry.objects.filter(
        kind="pact.newsletter.unsubscribed", target_id=str(subscription.pk)
    ).exists()
    journey.check("unsubscribed")
