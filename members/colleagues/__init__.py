"""Colleagues: the people acting for an organisation (admin or contributor), invited by email,
their roles and removal, and the rule that an organisation always keeps an admin. ``services``,
``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
