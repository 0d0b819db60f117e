"""Benchmarks of the portal (``make bench``) and their helpers; not part of the deployed portal."""
