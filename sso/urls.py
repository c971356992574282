from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("oidc/logga-in/", views.OIDCStartView.as_view(), name="oidc-start"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc-callback"),
    path("saml/logga-in/", views.SAMLStartView.as_view(), name="saml-start"),
    path("saml/acs/", views.SAMLAssertionConsumerView.as_view(), name="saml-acs"),
    path("saml/sls/", views.SAMLLogoutServiceView.as_view(), name="saml-sls"),
    path("saml/metadata/", views.SAMLMetadataView.as_view(), name="saml-metadata"),
]
