"""``manage.py seed_scale``: the synthetic data set of the benchmark (``pact.management.scale``)."""

from pact.management.scale.generator import Command

__all__ = ["Command"]
