from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Kunskapskontroller")

    def ready(self) -> None:
        # Imported here because step types need the models, which are loaded only now.
        from .steps import register

        register()
