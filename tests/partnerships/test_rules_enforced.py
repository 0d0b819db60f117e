"""The kind and area rules are the services': a direct call, the admin and an expression of
interest accepted all get the same refusal, and nothing is written."""

from __future__ import annotations

import re

import pytest

from partnerships.common import PartnershipError
from partnerships.models import Partnership, PartnershipKind
from partnerships.workspace import setup

pytestmark = pytest.mark.django_db


def _data(**extra) -> dict:
    data = {
        "name": "Green Skills for Tourism",
        "kind": PartnershipKind.REGIONAL,
        "shape": "single_region",
        "countries": ["BE"],
        "ecosystem": "",
        "parent": None,
    }
    data.update(extra)
    return data


def test_creating_a_large_scale_partnership_without_its_ecosystem_is_refused(world):
    before = Partnership.objects.count()
    with pytest.raises(PartnershipError) as refused:
        setup.create_partnership(
            organisation=world.coordinator_org,
            actor=world.coordinator,
            data=_data(kind=PartnershipKind.LARGE_SCALE, shape="", countries=[]),
        )
    assert [field for field, _ in refused.value.problems] == ["ecosystem"]
    assert Partnership.objects.count() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"shape": "macro_region", "countries": ["BE"]}, "countries"),
        ({"shape": "single_region", "countries": ["BE", "FR"]}, "countries"),
        ({"shape": "", "countries": ["BE"]}, "shape"),
        ({"kind": PartnershipKind.LOCAL, "countries": []}, "parent"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_creating_a_partnership_with_an_invalid_kind_or_area_is_refused(world, extra, field):
    with pytest.raises(PartnershipError) as refused:
        setup.create_partnership(
            organisation=world.coordinator_org, actor=world.coordinator, data=_data(**extra)
        )
    assert refused.value.field == field
    assert not Partnership.objects.filter(name="Green Skills for Tourism").exists()


def test_regions_outside_the_countries_are_refused(world):
    from pact.models import Region

    region = Region.objects.filter(country="IT").first()
    with pytest.raises(PartnershipError) as refused:
        setup.create_partnership(
            organisation=world.coordinator_org,
            actor=world.coordinator,
            data=_data(),
            regions=[region],
        )
    assert refused.value.field == "region_codes"


def test_a_valid_partnership_is_created_and_an_lsp_keeps_no_shape(world):
    partnership = setup.create_partnership(
        organisation=world.coordinator_org,
        actor=world.coordinator,
        data=_data(kind=PartnershipKind.LARGE_SCALE, ecosystem="tourism", shape="local_area"),
    )
    assert partnership.kind == PartnershipKind.LARGE_SCALE and partnership.shape == ""


def test_saving_a_profile_that_breaks_the_area_rules_is_refused(world):
    partnership = world.partnership  # a Regional Skills Partnership, single region in BE
    with pytest.raises(PartnershipError) as refused:
        setup.update_profile(
            partnership,
            actor=world.coordinator,
            data={"shape": "macro_region"},
            lock_version=partnership.lock_version,
        )
    assert refused.value.field == "countries"
    partnership.refresh_from_db()
    assert partnership.shape == "single_region" and partnership.lock_version == 1


def _admin_post(client, partnership, **changes):
    """Post the admin's change form as a staff administrator would, with ``changes``."""
    url = f"/admin/partnerships/partnership/{partnership.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = dict(re.findall(r'name="([\w-]+_FORMS)"[^>]*value="(\d+)"', page.content.decode()))
    data.update(
        {
            "name": partnership.name,
            "acronym": partnership.acronym,
            "ecosystem": partnership.ecosystem,
            "shape": partnership.shape,
            "countries": ",".join(partnership.countries),
            "summary": partnership.summary,
            "website": partnership.website,
            "looking_for": partnership.looking_for,
            "_save": "Save",
        }
    )
    data.update(changes)
    return client.post(url, data)


def _administrator(world, login):
    """A staff administrator with Django's permissions, as the demo's administrators are."""
    world.admin.is_superuser = True
    world.admin.save(update_fields=["is_superuser"])
    return login(world.admin)


def test_the_admin_refuses_an_area_that_breaks_the_rules(world, login):
    partnership = world.partnership
    client = _administrator(world, login)
    refused = _admin_post(client, partnership, shape="macro_region")
    assert refused.status_code == 200  # the form again, with the error
    assert "A macro-region or cross-border area spans several countries" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.shape == "single_region" and partnership.lock_version == 1
    saved = _admin_post(client, partnership, shape="macro_region", countries="BE,FR")
    assert saved.status_code == 302
    partnership.refresh_from_db()
    assert partnership.shape == "macro_region" and partnership.countries == ["BE", "FR"]


def test_the_admin_refuses_a_large_scale_partnership_without_its_ecosystem(world, login):
    partnership = world.partnership
    Partnership.objects.filter(pk=partnership.pk).update(kind=PartnershipKind.LARGE_SCALE)
    partnership.refresh_from_db()
    refused = _admin_post(_administrator(world, login), partnership, ecosystem="", shape="")
    assert refused.status_code == 200
    assert "belongs to one industrial ecosystem" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.lock_version == 1
