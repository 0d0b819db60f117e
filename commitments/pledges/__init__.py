"""Individual pledges: an organisation's own commitments with measurable targets (beside the
partnerships' shared ones). ``services``, ``selectors``, ``forms`` and ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
