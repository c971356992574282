"""Headless Chromium (Debian's) with axe-core, for accessibility checks of real pages.

Use the `page` and `login` fixtures from tests/conftest.py; call
`assert_accessible(page)` after navigating. Without /usr/bin/chromium the
tests skip with the reason; CI installs it.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


requires_chromium = pytest.mark.skipif(
    not chromium_available(),
    reason="Chromium is not installed (apt-get install chromium); browser tests skipped",
)


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; fail listing every violation."""
    from axe_playwright_python.sync_playwright import Axe

    # After a click that navigates, the old document may be going away: axe
    # would then find no document ("reading 'documentElement'"). Check the new page once loaded.
    page.wait_for_load_state("load")
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    violations = results.response["violations"]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe-core violations on {context or page.url}:\n{details}"
