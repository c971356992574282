"""Odd values in URLs answer 404 (or a form), never 500: every URL pattern, two roles."""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

HUGE = "99999999999999999999999"
ODD_VALUES = [HUGE, "åäö-ünïcødé-✓", "a%00b", "x" * 600]

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def _fill(pattern, value: str) -> str:
    """The pattern's URL piece with every parameter replaced by `value`."""
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(value, str(pattern._route))
    if isinstance(pattern, RegexPattern):
        text = _REGEX_GROUP.sub(value, pattern._regex)
        text = text.lstrip("^").replace("\\Z", "").rstrip("$")
        return re.sub(r"\\(.)", r"\1", text)
    raise TypeError(pattern)


def _has_params(pattern) -> bool:
    if isinstance(pattern, RoutePattern):
        return bool(_ROUTE_PARAM.search(str(pattern._route)))
    return bool(_REGEX_GROUP.search(pattern._regex))


def _walk(patterns, value, prefix="", parametrised=False):
    """Every (url, has_parameters) of the URLconf, each parameter filled with `value`."""
    for entry in patterns:
        url = prefix + _fill(entry.pattern, value)
        with_params = parametrised or _has_params(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, value, url, with_params)
        elif isinstance(entry, URLPattern):
            yield url, with_params


def _all_urls(values=ODD_VALUES):
    seen = set()
    walks = (_walk(get_resolver().url_patterns, value) for value in values)
    for url, with_params in (item for walk in walks for item in walk):
        # "%00" stays as written (a percent-encoded NUL); other characters are encoded.
        path = "/" + quote(url, safe="/%-_.~:")
        if path not in seen:
            seen.add(path)
            yield path, with_params


def test_the_walk_covers_the_project_urls():
    paths = {path for path, _ in _all_urls()}
    assert f"/kunskapskontroller/{HUGE}/forhandsgranska/" in paths
    assert "/admin/courses/course/a%00b/change/" in paths
    assert f"/certifikat/{HUGE}/pdf/" in paths
    assert len(paths) > 300


@pytest.mark.django_db
# One test per role and odd value, so the walks spread over the test workers.
@pytest.mark.parametrize("value", ODD_VALUES, ids=["huge", "unicode", "nul", "long"])
@pytest.mark.parametrize("role", ["administrator", "learner"])
def test_no_url_pattern_answers_500_for_odd_values(client, request, role, value, small_course):
    client.force_login(request.getfixturevalue(role))
    client.raise_request_exception = False
    failures = []
    for path, with_params in _all_urls([value]):
        # The admin's own views take POST only from its forms; odd ids reach them by GET.
        methods = ("get", "post") if with_params and not path.startswith("/admin/") else ("get",)
        for method in methods:
            status = getattr(client, method)(path).status_code
            if status >= 500:
                failures.append(f"{method.upper()} {path[:120]} → {status}")
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/kunskapskontroller/{HUGE}/forhandsgranska/",
        "/admin/courses/course/import/change/",
        f"/admin/courses/course/{HUGE}/change/",
        "/admin/courses/course/9223372036854775808/change/",  # one past the largest id
        "/admin/accounts/user/%00/delete/",
        f"/kurser/x/steg/{HUGE}/",
        "/verify/AB%00CD/",
    ],
)
def test_odd_ids_answer_404(client, administrator, path):
    client.force_login(administrator)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_well_formed_but_missing_admin_id_keeps_the_admins_answer(client, administrator):
    """The admin redirects to the list with a message when the row is gone; that stays."""
    client.force_login(administrator)
    assert client.get("/admin/courses/course/12345/change/").status_code == 302


@pytest.mark.django_db
def test_a_huge_id_in_a_post_answers_404(client, learner):
    client.force_login(learner)
    assert client.post(f"/certifikat/{HUGE}/fornya/").status_code == 404
    assert client.post(f"/kunskapskontroller/{HUGE}/nytt-forsok/").status_code == 404
