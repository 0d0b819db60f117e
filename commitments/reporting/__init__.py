"""Reporting by organisations and coordinators: each target's yearly progress report, written,
saved (``lock_version``), submitted, validated or returned. ``services``, ``selectors`` (who must
report on what), ``forms``, ``views`` and ``imports`` (an organisation's reports as a spreadsheet,
exported and imported with a checked preview).

May import access, the apps' models, selectors and services, and the kernel; never the site.
"""
