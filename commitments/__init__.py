"""Commitments and their monitoring: the KPI catalogue, commitments with measurable targets,
reporting cycles and progress reports, and the Pact-wide results.

- ``models``, ``catalogue`` (the KPI catalogue shipped with the portal, loaded by a migration);
- ``reporting/``: organisations' and coordinators' progress reports, spreadsheets;
- ``monitoring/``: staff's reporting cycles, who has reported, validation, reminders, exports;
- ``results/``: the public Pact-wide totals and the catalogue page;
- ``pledges/``: organisations' individual pledges;
- ``api``, ``urls``, ``tasks``, ``templatetags``.

Models may import other apps' models and the kernel. Everything else may import access, the
apps' models, selectors and services, and the kernel; never the site (``pyproject.toml``).
"""
