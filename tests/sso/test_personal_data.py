"""Links to an identity provider are the person's data: exported, and deleted with the account."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount

from pact.site.personal_data import services as personal_data
from tests.factories import make_user
from tests.sso.conftest import PROVIDER_ID

pytestmark = pytest.mark.django_db


def _link(user, uid: str) -> SocialAccount:
    return SocialAccount.objects.create(
        user=user,
        provider=PROVIDER_ID,
        uid=uid,
        extra_data={"id_token": {"sub": uid, "email": user.email, "name": "Someone"}},
    )


def test_the_export_lists_the_persons_provider_links_only():
    person, other = make_user("me@example.eu"), make_user("you@example.eu")
    _link(person, "sub-me")
    _link(other, "sub-you")

    exported = json.loads(personal_data.export_json(person))

    links = exported["identity_provider_links"]
    assert [(link["provider"], link["uid"]) for link in links] == [(PROVIDER_ID, "sub-me")]
    assert "sub-you" not in json.dumps(exported)


def test_deleting_an_account_deletes_its_provider_links():
    person, other = make_user("gone@example.eu"), make_user("stays@example.eu")
    _link(person, "sub-gone")
    _link(other, "sub-stays")

    personal_data.delete_account(person)

    assert list(SocialAccount.objects.values_list("uid", flat=True)) == ["sub-stays"]
