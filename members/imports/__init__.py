"""Umbrella organisations bring in their own members from a CSV file: ``checks`` (reading and
checking the file, writing nothing), ``umbrella`` (confirming or discarding the checked rows),
``selectors``, ``forms``, ``views``.

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
