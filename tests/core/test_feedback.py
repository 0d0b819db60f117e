"""An accessibility statement and a feedback form that reaches staff, linked from every footer."""

import pytest
from django.urls import reverse

from pact.models import OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_footer_links_the_statement_and_the_feedback_form(client):
    for url in (reverse("home"), reverse("partnerships:directory"), reverse("account_login")):
        page = client.get(url).content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        assert f'href="{reverse("accessibility")}"' in footer
        assert f'href="{reverse("feedback")}"' in footer


def test_the_statement_names_the_standard_and_the_way_to_report_a_barrier(client):
    page = client.get(reverse("accessibility")).content.decode()
    assert "WCAG" in page
    assert reverse("feedback") in page


def test_feedback_reaches_support_staff_and_administrators(client):
    support = make_user("support-fb@example.org", staff_role="support")
    admin = make_user("admin-fb@example.org", staff_role="admin")
    reviewer = make_user("reviewer-fb@example.org", staff_role="reviewer")
    response = client.post(
        reverse("feedback"),
        {"message": "The table of targets is cut off.", "page": "/results/", "email": ""},
    )
    assert response.status_code == 302
    recipients = set(
        OutboundEmail.objects.filter(kind="staff.feedback").values_list("recipient", flat=True)
    )
    assert recipients == {support.pk, admin.pk}
    assert reviewer.pk not in recipients
    mail = OutboundEmail.objects.filter(kind="staff.feedback").first()
    assert "The table of targets is cut off." in mail.body_text


def test_empty_feedback_is_refused_and_nothing_is_sent(client):
    make_user("support-fb2@example.org", staff_role="support")
    response = client.post(reverse("feedback"), {"message": "  ", "email": "not-an-address"})
    assert response.status_code == 400
    assert not OutboundEmail.objects.filter(kind="staff.feedback").exists()
