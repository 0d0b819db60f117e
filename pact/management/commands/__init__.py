"""``python manage.py <command>``: ``seed_demo``, ``seed_scale``, ``demo_totp``."""
