from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from accounts.forms import AccountPasswordResetForm
from common import views as common_views
from courses.uploads import media_serve as course_media_serve
from sso import views as sso_views

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path(".well-known/security.txt", common_views.security_txt, name="security-txt"),
    path("stod/", common_views.support, name="support"),
    path("tillganglighet/", common_views.accessibility, name="accessibility"),
    path("textstorlek/", common_views.text_size, name="text-size"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path(
        "accounts/tvastegsverifiering/",
        account_views.two_factor_verify_view,
        name="two-factor-verify",
    ),
    path(
        "accounts/tvastegsverifiering/installera/",
        account_views.two_factor_enrol_view,
        name="two-factor-enrol",
    ),
    # After a single sign-on, signing out also ends the session at the identity provider.
    path("accounts/logout/", sso_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/losenord/",
        auth_views.PasswordResetView.as_view(form_class=AccountPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("sso/", include("sso.urls")),
    path("kunskapskontroller/", include("quizzes.urls")),
    path("", include("certificates.urls")),
    path("uppfoljning/", include("reporting.urls")),
    path("grupper/", include("groups.urls")),
    path("", include("privacy.urls")),
    path("", include("courses.urls")),
]

# Uploaded course media, served with allow-listed content types (courses/uploads.py);
# a front server may serve MEDIA_ROOT itself with the same headers instead.
urlpatterns += [path("media/<path:path>", course_media_serve, name="media")]
