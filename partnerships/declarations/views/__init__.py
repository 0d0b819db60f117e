"""The declaration pages: ``editor`` (the coordinator's overview, sections, commitments, submit),
``signing``, ``reading`` (versions, diff, PDFs) and ``review`` (the reviewers'), with ``common``
helpers. Thin: access through ``pact.access``, every change through the declaration services."""
