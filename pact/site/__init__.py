"""The site: the pages that gather every app, on top of everything else.

- ``views``: home, the personal dashboard, the staff home, the audit log, privacy and Charter
  pages, error pages;
- ``accounts``: account settings and personal API tokens;
- ``api``: "who am I" (``/api/v1/me/``) and the API documentation page;
- ``open_data``: CSV and JSON downloads of the public directory and results;
- ``personal_data``: a person's own data, downloaded or deleted with the account;
- ``files``: uploaded files, served to those allowed to see the object they belong to (it asks
  ``pact.access``);
- ``admin_gate``: the Django admin for staff administrators with a second factor only;
- ``context_processors``: what every template knows about the person;
- ``adapters``: allauth's account adapter (mails in the person's language, the sign-in steps of
  ``pact.sso``);
- ``housekeeping`` and ``tasks``: purging accounts never verified and invitations never answered.

It may import every app and the layers below (access, the apps' models, the kernel). Nothing but
the composition roots (``pact.urls``, ``pact.celery``, ``pact.management``) imports it.
"""
