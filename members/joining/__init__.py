"""Joining the Pact: an organisation applies and accepts the Charter, staff decide; people may also
follow as supporters. ``services``, ``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
