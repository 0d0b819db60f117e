"""Pact Support Services (app label ``support``): ``eoi/`` (expressions of interest), ``mapping/``
(stakeholder maps and agreement surveys), ``matchmaking/``, ``funding/`` calls, the ``library/``
and ``events/``; ``models/`` (one module per topic), ``api``, ``urls``, ``templatetags``, and what
the topics share: ``common`` (services and reads), ``forms`` and ``web`` (pages).

Models may import other apps' models and the kernel. Everything else may import access, the
apps' models, selectors and services, and the kernel; never the site (``pyproject.toml``).
"""
