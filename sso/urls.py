from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("oidc/logga-in/", views.OIDCStartView.as_view(), name="oidc-start"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc-callback"),
]
