"""Funding opportunities: calls published by support services, searchable, and bookmarked by
partnerships. ``services``, ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
