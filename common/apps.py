from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Gemensamt"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from common.sessions import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="common.session_touch")
        # Each app registers its permission policies in <app>/policies.py (common/policies.py).
        autodiscover_modules("policies")
