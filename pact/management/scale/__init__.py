"""The synthetic data set of the benchmark (``manage.py seed_scale``), generated with COPY."""
