"""The notification centre: every mail the outbox queues to a person is also a notification here.

``services`` (categories of mail kinds, recording, a person's email choices), ``outbox`` (the
functions the kernel's outbox calls, named by ``settings.OUTBOX_NOTIFIER``), ``selectors``,
``forms`` and ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
