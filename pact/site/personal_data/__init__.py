"""A person's own data: ``services`` (export as JSON, delete the account and erase the person
everywhere but published signatures), ``views`` (download, delete) and ``forms`` (confirmation).

Part of the site: it may import every app's models and services, access and the kernel."""
