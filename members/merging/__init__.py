"""Merging a duplicate organisation into the one that is kept (staff): services and views."""
