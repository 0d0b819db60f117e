"""Events: published by support services or a partnership, with registrations and cancellation.
``services``, ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
