from django.conf import settings
from django.utils import translation


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose another language (the language cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language header;
    a Swedish public-sector service is Swedish first, whatever the browser
    says, and English only when asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response
