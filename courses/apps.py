from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurser")

    def ready(self) -> None:
        # Imported here because codecs and step types need the models, loaded only now.
        from . import codecs, steps

        codecs.register()
        steps.register_default_step_types()
