"""A person's own data: ``services`` (export as JSON, delete the account and erase the person
everywhere but published signatures), ``views`` (download, delete) and ``forms`` (confirmation).

Part of the site: it reads every app's models."""
