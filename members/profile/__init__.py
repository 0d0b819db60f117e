"""An organisation's profile, kept by its admins: ``services`` (editing it), ``forms``, ``views``
(the organisation's private overview and the profile editor).

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
