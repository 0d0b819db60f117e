"""Builders for declaration tests: a draft written through the services, ready to submit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commitments.models import Indicator
from partnerships.declarations import drafting, signatures
from partnerships.models import DeclarationVersion


def indicator(code: str = "organisations-participating") -> Indicator:
    return Indicator.objects.get(code=code)


def write_draft(world, *, commitments: int = 1, sign: bool = True) -> DeclarationVersion:
    """A complete draft of the world's partnership, signed by the coordinating organisation."""
    version = drafting.start_draft(world.partnership, world.coordinator)
    drafting.save_section(
        version,
        "challenges",
        {"language": "en", "challenges": "Skills gaps in the **creative** industries."},
        lock_version=version.lock_version,
        actor=world.coordinator,
    )
    drafting.save_section(
        version,
        "objectives",
        {"objectives": "- Train people\n- Build a hub"},
        lock_version=version.lock_version,
        actor=world.coordinator,
    )
    drafting.save_section(
        version,
        "ambition",
        {"ambition": "A region where creative industries thrive."},
        lock_version=version.lock_version,
        actor=world.coordinator,
    )
    for n in range(commitments):
        drafting.save_commitment(
            version,
            None,
            data={
                "title": f"Commitment {n + 1}",
                "description": "Do it well.",
                "responsible_organisations": [world.coordinator_org],
            },
            targets=[
                {
                    "indicator": indicator(),
                    "unit": "",
                    "baseline": Decimal(0),
                    "target_value": Decimal(30 + n),
                    "target_date": dt.date(2027, 12, 31),
                    "description": "organisations taking part",
                }
            ],
            lock_version=version.lock_version,
            actor=world.coordinator,
        )
    if sign:
        signatures.request_signatures(version, [world.coordinator_org], actor=world.coordinator)
        signature = version.signatures.get(organisation=world.coordinator_org)
        signatures.answer_signature(
            signature,
            sign=True,
            comment="",
            content_hash_read=version.content_hash,
            actor=world.coordinator,
        )
    version.refresh_from_db()
    return version


@pytest.fixture
def draft(world) -> DeclarationVersion:
    return write_draft(world)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
