"""The resource library: guides, templates and reports published by support services or by a
partnership, with their files. ``services``, ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
