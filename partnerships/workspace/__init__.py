"""A partnership's own side, for its members, coordinator and staff: setting it up (``setup``),
``invitations`` and join requests, ``membership`` (members, coordination, notes), ``stages``
(life-cycle stage and status), with their ``selectors``, ``forms`` and ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
