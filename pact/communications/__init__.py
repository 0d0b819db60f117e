"""Communications (app label ``communications``): ``news/``, the ``newsletter/``, the
``notifications/`` centre (fed by the kernel's outbox), and the member ``badges``; ``models``,
``api``, ``urls``, ``tasks``, ``templatetags``.

Models may import other apps' models and the kernel. Everything else may import access, the
apps' models, selectors and services, and the kernel; never the site (``pyproject.toml``).
"""
