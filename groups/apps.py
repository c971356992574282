from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    # "groups" is also the related name of Django's auth groups (roles); the
    # label stays the app's name because no model here is called Group in auth.
    verbose_name = _("Grupper")

    def ready(self) -> None:
        from certificates.api import group_track_lookup_register
        from reporting.api import dashboard_panel_register

        from .dashboard import group_progress_panel
        from .selectors import group_organisation_for

        group_track_lookup_register(group_organisation_for)
        dashboard_panel_register(group_progress_panel)

        from . import receivers  # noqa: F401 - connects the course_content_replaced receiver
