"""The public side of partnerships: the searchable directory with its facets and map, a
partnership's page, the NUTS regions lookup. ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
