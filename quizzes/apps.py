from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Kunskapskontroller")

    def ready(self) -> None:
        # Imported here because codecs and step types need the models, loaded only now.
        from . import codecs, receivers, steps  # noqa: F401 - receivers connect themselves

        codecs.register()
        steps.register()
