"""Matchmaking: members find potential partners and ask them, through the portal, to get in touch
(contact requests, answered by sharing addresses or not). ``services``, ``selectors``, ``forms``,
``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
