"""Installs the authoring site as Django's default admin site (instead of patching it).

Listed in INSTALLED_APPS in place of "django.contrib.admin"; the app label stays
"admin", so its migrations and URLs are unchanged. The site class is named by
path, because it cannot be imported before the app registry is ready; it lives
outside the courses.admin package, whose import registers models on the site.
"""

from django.contrib.admin.apps import AdminConfig


class AuthoringAdminConfig(AdminConfig):
    default_site = "courses.admin_site.AuthoringAdminSite"
