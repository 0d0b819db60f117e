"""``python manage.py <command>``: ``seed_demo``, ``seed_scale``, ``demo_totp``. Above the apps:
they may import any of them."""
