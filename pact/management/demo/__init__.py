"""The demo content of ``seed_demo``: people, organisations, partnerships, declarations, reports,
news and support content from the Pact's own documents."""
