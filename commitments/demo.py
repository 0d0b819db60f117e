"""Demo KPI catalogue, declarations' targets and progress reports."""

from __future__ import annotations

from commitments.catalogue import sync_catalogue
from commitments.models import Indicator


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    sync_catalogue(Indicator)
