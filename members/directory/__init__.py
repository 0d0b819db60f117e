"""The public member directory: active organisations, searchable and filtered by type, country and
region, and their public profiles. ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
