from django.conf import settings

# The text-size steps a learner can choose (A− / A+); the cookie holds the index.
TEXT_SIZE_COOKIE = "larspar_textsize"
TEXT_SIZES = (0, 1, 2, 3)


def text_size_from(request) -> int:
    """The learner's chosen text-size step, 0 (default) when unset or unreadable."""
    try:
        size = int(request.COOKIES.get(TEXT_SIZE_COOKIE, "0"))
    except ValueError:
        return 0
    return size if size in TEXT_SIZES else 0


def site(request):
    """Values every page's layout needs (the support contacts live in the template)."""
    text_size = text_size_from(request)
    return {
        "issuer_name": settings.LARSPAR_ISSUER_NAME,
        "quick_exit_url": settings.LARSPAR_QUICK_EXIT_URL,
        "text_size": text_size,
        "text_size_class": f"text-size-{text_size}" if text_size else "",
        "text_size_can_grow": text_size < TEXT_SIZES[-1],
        "text_size_can_shrink": text_size > TEXT_SIZES[0],
    }
