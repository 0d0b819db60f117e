"""Skills partnerships (the tenant): LSPs, RSPs and LEPs, their members and their declarations.

- ``models/``: partnerships, memberships, invitations, join requests, notes, stages; declarations
  (versions, commitments' texts, signatures, review comments, PDFs);
- ``rules``: what a partnership of each kind must have (kind and area rules);
- ``directory/``: the public directory, map and partnership page;
- ``workspace/``: setting a partnership up, invitations and join requests, members and
  coordination, notes, life-cycle stage and status;
- ``declarations/``: drafting, signatures, review, publication (``approve``), the PDF, the
  reviewers' digest;
- ``api``, ``urls``, ``admin``, ``tasks``; ``common`` (what the services share) and ``web`` (what
  the pages share).

Models may import other apps' models and the kernel. Everything else may import access, the
apps' models, selectors and services, and the kernel; never the site (``pyproject.toml``).
"""
