"""Expressions of interest: a group proposes a Regional Skills Partnership before it has a
declaration; support services ask for information, decline or accept it (which creates the
partnership). ``services``, ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
