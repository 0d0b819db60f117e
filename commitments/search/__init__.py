"""Commitment search: who committed what, by ecosystem, indicator, country, region, kind, year and
status; the same filters for the API's commitments and targets and for the public search page."""
