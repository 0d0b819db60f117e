"""The stages of a benchmark run, one module each, in the order ``bench/run.py`` runs them:
``data`` (seed, fixtures), ``queries``, ``http_load`` (stage ``http``), ``pdf``, ``reminders``,
``profiles``.

Each stage is a function wrapped by ``bench.stages.stage``: it runs only when selected
(``BENCH_STAGES``) and writes its figures into ``bench.stages.results``. Modules here are imported
after ``django.setup()`` and may import the apps (models, services, tasks) at the top.
"""
