"""Maintained totals behind the Pact-wide results, partnership progress and the results API.

- ``models``: the summary tables (counters per target and cycle; per cycle, indicator, kind,
  ecosystem and country);
- ``triggers``: the PostgreSQL triggers that keep them, installed by a migration;
- ``reads``: the figures read from them (the selectors of ``commitments.results`` call these);
- ``recompute``: every summary derived again from the data and compared (tests, repairs).
"""
