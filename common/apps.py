from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Gemensamt"

    def ready(self) -> None:
        # Each app registers its permission policies in <app>/policies.py (common/policies.py).
        autodiscover_modules("policies")
