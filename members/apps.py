from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # An invitation opened while signed out is applied when the new address is confirmed.
        from members.colleagues import signals  # noqa: F401
