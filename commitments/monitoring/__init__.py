"""Staff monitoring: reporting ``cycles`` (create, open, close), who has reported (``selectors``),
the validation queue, ``reminders`` before and after deadlines, ``exports`` built by a worker,
with their ``forms`` and ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
