from django.conf import settings


def site(request):
    """Values every page's layout needs (the support contacts live in the template)."""
    return {"issuer_name": settings.LARSPAR_ISSUER_NAME}
