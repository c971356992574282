from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Gemensamt"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from common.sessions import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="common.session_touch")
