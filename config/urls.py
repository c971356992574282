from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from common import views as common_views

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("stod/", common_views.support, name="support"),
    path("tillganglighet/", common_views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("kunskapskontroller/", include("quizzes.urls")),
    path("", include("certificates.urls")),
    path("uppfoljning/", include("reporting.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
