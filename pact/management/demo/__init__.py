"""The demo content that ``seed_demo`` loads: data files in ``data/`` and small loaders.

The data (YAML) is the content: people, organisations, partnerships, declarations, pledges,
news and the support services' material, taken from the Pact's own documents; what the demo adds
to them says "Illustrative" in its own text. Each loader reads its files and creates what is
missing, in ``seed_demo``'s order: people, organisations, partnerships, declarations, reporting,
communications, support (mapping, funding, library, events, expressions of interest).

This package sits above the apps (it may call any app's models and services) and imports them
only through ``refs``; ``source`` reads and checks the files.
"""
