"""The newsletter: double opt-in subscriptions, one-click unsubscribe, composing, and sending once
per recipient in batches through the outbox.

``services`` (tokens, subscribing, sending), ``selectors``, ``forms`` and ``views``; the Celery
tasks are in ``pact.communications.tasks``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
