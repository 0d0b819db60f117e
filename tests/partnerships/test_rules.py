"""The kind and area rules answer field by field, whoever asks (a form today, services next)."""

import pytest
from django.core.exceptions import ValidationError

from partnerships import rules
from partnerships.models import PartnershipKind, RegionalShape

K = PartnershipKind


def fields(problems):
    return [field for field, _message in problems]


def test_a_large_scale_partnership_needs_an_ecosystem_and_no_parent():
    problems = rules.kind_problems(
        K.LARGE_SCALE, ecosystem="", parent=object(), shape="", countries=[]
    )
    assert fields(problems) == ["ecosystem", "parent"]
    assert not rules.kind_problems(
        K.LARGE_SCALE, ecosystem="tourism", parent=None, shape="", countries=[]
    )


@pytest.mark.parametrize(
    ("shape", "countries", "expected"),
    [
        ("", ["IT"], ["shape"]),
        (RegionalShape.SINGLE_REGION, ["IT", "FR"], ["countries"]),
        (RegionalShape.LOCAL_AREA, ["IT", "FR"], ["countries"]),
        (RegionalShape.MACRO_REGION, ["IT"], ["countries"]),
        (RegionalShape.MACRO_REGION, ["IT", "FR"], []),
        (RegionalShape.NETWORK, [], ["countries"]),
        (RegionalShape.SINGLE_REGION, ["AL"], []),  # a candidate country alone is fine
    ],
)
def test_a_regional_partnerships_countries_fit_its_shape(shape, countries, expected):
    problems = rules.kind_problems(
        K.REGIONAL, ecosystem="", parent=None, shape=shape, countries=countries
    )
    assert fields(problems) == expected


def test_a_local_ecosystem_partnership_sits_under_a_parent_in_a_country():
    problems = rules.kind_problems(K.LOCAL, ecosystem="", parent=None, shape="", countries=[])
    assert fields(problems) == ["parent", "countries"]


@pytest.mark.django_db
def test_regions_are_known_nuts_codes_inside_the_chosen_countries():
    regions = rules.parse_region_codes("itc4, ITF4 itc4")
    assert [r.code for r in regions] == ["ITC4", "ITF4"]
    assert not rules.regions_outside_problems(regions, ["IT"])
    ((field, message),) = rules.regions_outside_problems(regions, ["FR"])
    assert field == "region_codes" and "ITC4" in message and "ITF4" in message
    with pytest.raises(ValidationError, match="ZZ99"):
        rules.parse_region_codes("ITC4 ZZ99")
