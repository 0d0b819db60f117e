"""The synthetic data set of the benchmark (``manage.py seed_scale``), written with COPY.

- ``words``: the default sizes, the markers of synthetic rows (slug ``scale-...``, address
  ``scale-...@scale.example``) and the words names and texts are made of;
- ``bulk``: COPY into a model's table, primary keys reserved in one go, small helpers;
- ``people``: the synthetic people, created once and reused;
- ``maintenance``: removing the synthetic rows (``--reset``), VACUUM and ANALYZE;
- ``base``, ``organisations``, ``partnerships``, ``commitments``, ``reporting``: the steps of the
  generator, one class per topic over the state in ``base``; ``generator`` runs them in order.

Like the rest of ``pact.management`` this sits above the apps: it may import their models and the
two services that refresh search vectors, and nothing imports it but the command and the
benchmark (``bench/``).
"""
