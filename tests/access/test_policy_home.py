"""Who may do what is answered in ``pact/access/`` only: no module elsewhere defines a permission
predicate (``can_*``, ``may_*``) or a "visible to this person" filter (``*_visible_to``), and the
ones that moved there answer as their old copies did."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from members.models import OrganisationMembership
from pact import access
from pact.access import Perm
from pact.communications.models import NewsItem, NewsStatus
from pact.support.models import ExpressionOfInterest, FundingCall
from partnerships.models import PartnershipStatus
from tests.factories import make_organisation, make_partnership, make_user

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pact", "members", "partnerships", "commitments")
POLICY_NAME = re.compile(r"^(can|may)_\w+$|^\w+_visible_to$")

# Template tags are the templates' way of asking access: they may carry a policy name as long as
# they only delegate (checked below by reading their body).
TEMPLATE_TAG_DELEGATES = {
    ("pact/communications/templatetags/communications.py", "can_write_partnership_news"),
}


def _modules():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("pact/access/") or "/migrations/" in rel:
                continue
            yield rel, ast.parse(path.read_text())


def test_no_module_outside_access_defines_a_permission_predicate():
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and POLICY_NAME.match(
                node.name
            ):
                if (rel, node.name) in TEMPLATE_TAG_DELEGATES:
                    body = ast.unparse(node)
                    assert f"access.{node.name}(" in body, f"{rel}: {node.name} must ask access"
                    continue
                found.append(f"{rel}:{node.lineno} {node.name}")
    assert found == [], "policy outside pact/access: " + ", ".join(found)


def test_the_check_sees_a_predicate_written_elsewhere():
    tree = ast.parse("def can_close(user, thing):\n    return True\n")
    names = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert [n for n in names if POLICY_NAME.match(n)] == ["can_close"]


@pytest.mark.django_db
def test_partnership_news_is_written_by_the_coordinator_of_an_active_partnership_only():
    coordinator, outsider = make_user(), make_user()
    organisation = make_organisation(admin=coordinator)
    partnership = make_partnership(coordinator=organisation, status=PartnershipStatus.DRAFT)
    assert not access.can_write_partnership_news(coordinator, partnership)
    partnership.status = PartnershipStatus.ACTIVE
    partnership.save(update_fields=["status"])
    access.forget(coordinator)
    assert access.can_write_partnership_news(coordinator, partnership)
    assert not access.can_write_partnership_news(outsider, partnership)
    assert list(access.news_partnerships(coordinator)) == [partnership]
    draft = NewsItem.objects.create(
        title="Draft",
        slug="draft",
        body="Text",
        partnership=partnership,
        status=NewsStatus.DRAFT,
    )
    assert access.can_edit_news(coordinator, draft) and access.can_view_news(coordinator, draft)
    assert not access.can_view_news(outsider, draft)


@pytest.mark.django_db
def test_members_only_calls_are_for_people_of_an_active_member():
    person, applicant = make_user(), make_user()
    make_organisation(admin=person)
    make_organisation(admin=applicant, status="pending")
    fields = {
        "programme": "Erasmus+",
        "institution": "European Commission",
        "summary": "A call.",
        "link": "https://example.org/call",
    }
    FundingCall.objects.create(title="Open", slug="open", members_only=False, **fields)
    FundingCall.objects.create(title="Closed", slug="closed", members_only=True, **fields)
    assert access.is_pact_member(person) and not access.is_pact_member(applicant)
    assert set(access.calls_visible_to(person).values_list("slug", flat=True)) == {"open", "closed"}
    assert set(access.calls_visible_to(applicant).values_list("slug", flat=True)) == {"open"}


@pytest.mark.django_db
def test_a_proposal_is_seen_by_its_proposer_and_the_lead_admins_only():
    proposer, colleague, outsider = make_user(), make_user(), make_user()
    lead = make_organisation(admin=proposer)
    make_organisation(admin=outsider)
    OrganisationMembership.objects.create(organisation=lead, user=colleague, role="admin")
    eoi = ExpressionOfInterest.objects.create(
        proposed_name="Proposal",
        shape="single_region",
        countries=["BE"],
        lead_organisation=lead,
        proposer=proposer,
        challenges="Challenges",
        intended_commitments="Commitments",
    )
    assert access.eois_visible_to(proposer).filter(pk=eoi.pk).exists()
    assert access.eois_visible_to(colleague).filter(pk=eoi.pk).exists()
    assert not access.eois_visible_to(outsider).filter(pk=eoi.pk).exists()
    assert access.can_edit_eoi(colleague, eoi)
    assert not access.can_edit_eoi(outsider, eoi)
    assert access.can(colleague, Perm.ORG_CHANGE, lead)
