"""A partnership's declaration, from draft to publication.

- ``drafting``: starting a draft (or an amendment), saving its sections and commitments;
- ``signatures``: requesting, reminding, signing or declining;
- ``review``: submission and the reviewer's start, comments, changes requested, rejection;
- ``publication``: ``approve`` and everything that follows from it (the published PDF requested);
- ``pdf``: rendering the PDF offline; ``digest``: the reviewers' weekly mail;
- ``common``: the errors and helpers the services share; ``selectors``, ``forms``, ``views/``
  (editor, signing, reading, review) and ``urls``.

Who may do what is asked of ``pact.access``. May import access, the apps' models, selectors and
services, and the kernel; never the site.
"""
