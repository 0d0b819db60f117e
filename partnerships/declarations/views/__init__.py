"""The declaration pages: ``editor`` (the coordinator's overview, sections, commitments, submit),
``signing``, ``reading`` (versions, diff, PDFs) and ``review`` (the reviewers'), with ``common``
helpers. Thin: access through ``pact.access``, every change through the declaration services.

May import access, the apps' models, selectors and services, and the kernel; never the site."""
