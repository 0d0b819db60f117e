"""The Pact-wide results: totals of validated reports per indicator and year, each traceable to
the reports behind it, and the KPI catalogue's public page. ``selectors`` and ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
