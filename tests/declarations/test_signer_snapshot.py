"""The signer is told at signing that their name and role become part of the published
declaration; the signature keeps both (DESIGN.md §9)."""

import pytest
from django.urls import reverse

from partnerships.declarations import signatures

from .conftest import write_draft

pytestmark = pytest.mark.django_db


def test_the_signing_page_says_the_name_and_role_become_part_of_the_published_declaration(
    world, login
):
    version = write_draft(world)
    signatures.request_signatures(version, [world.member_org], actor=world.coordinator)
    signature = version.signatures.get(organisation=world.member_org)
    client = login(world.member)
    url = reverse("partnerships:declaration_sign", args=[world.partnership.slug, signature.pk])
    page = client.get(url).content.decode()
    assert 'id="signer-name-notice"' in page
    assert "Mia Member" in page and "part of the declaration once it is published" in page
    version.refresh_from_db()
    response = client.post(
        url,
        {
            "content_hash": version.content_hash,
            "decision": "sign",
            "signer_role": "  Rector ",
            "comment": "",
        },
    )
    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.signer_name, signature.signer_role) == ("Mia Member", "Rector")
