"""A partnership's stakeholder map and agreement surveys (the SACCORD LEP model): ``services``,
``selectors`` (counts, grids, charts), ``forms``, ``views`` and ``statements`` (the survey's
skills statements).

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
