"""The portal's own date formats, one style per language (FORMAT_MODULE_PATH): 6 December 2026,
6 décembre 2026, 6. Dezember 2026. What is not set here falls back to Django's formats for the
language (input formats, number separators). API, CSV and XLSX use ISO 8601, never these."""
