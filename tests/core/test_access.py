"""The access module: roles map to named permissions; staff need MFA for theirs."""

import pytest

from pact import access
from pact.access import Perm
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_organisation_roles(world):
    assert access.can(world.member, Perm.ORG_CHANGE, world.member_org)
    assert not access.can(world.contributor, Perm.ORG_CHANGE, world.member_org)
    assert access.can(world.contributor, Perm.ORG_REPORT, world.member_org)
    assert not access.can(world.outsider, Perm.ORG_VIEW, world.member_org)


def test_partnership_roles(world):
    p = world.partnership
    assert access.can(world.coordinator, Perm.PS_COORDINATE, p)
    assert access.can(world.member, Perm.PS_VIEW, p)
    assert not access.can(world.member, Perm.PS_COORDINATE, p)
    assert not access.can(world.outsider, Perm.PS_VIEW, p)
    assert access.can(world.reviewer, Perm.PS_VIEW, p)
    assert not access.can(world.reviewer, Perm.PS_COORDINATE, p)


def test_staff_permissions_need_mfa():
    no_mfa = make_user(staff_role="admin", mfa=False)
    with_mfa = make_user(staff_role="admin")
    assert not access.can(no_mfa, Perm.STAFF_ADMIN)
    assert access.can(with_mfa, Perm.STAFF_ADMIN)
    assert access.is_staff_without_mfa(no_mfa)


def test_visible_partnerships(world):
    assert world.partnership not in access.partnerships_visible_to(world.outsider)
    assert world.partnership in access.partnerships_visible_to(world.member)
    assert world.partnership in access.partnerships_visible_to(world.reviewer)
