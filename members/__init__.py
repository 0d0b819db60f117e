"""Pact members: organisations that accepted the Charter, and the people acting for them.

- ``models``: organisations, their people (admin, contributor), invitations, member imports;
- ``joining/``: applying (with the Charter), staff decisions, supporters;
- ``profile/``: the organisation's private overview and its profile;
- ``colleagues/``: inviting people, roles, removal, at least one admin;
- ``imports/``: umbrella organisations bringing in their members from a CSV file;
- ``directory/``: the public member directory and profiles;
- ``api``, ``urls``, ``admin``; ``forms`` (the organisation form joining and profile share) and
  ``common`` (what the services share).

Models may import other apps' models and the kernel. Everything else may import access, the
apps' models, selectors and services, and the kernel; never the site (``pyproject.toml``).
"""
