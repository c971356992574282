"""Sections other apps add to the managers' dashboard, in the dashboard's own scope.

Reporting may not import the apps above it (the group track), so they register
a builder here; each gets the page's validated filters and returns a panel, or
None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .forms import ReportFilters


@dataclass(frozen=True)
class DashboardPanel:
    template_name: str
    context: dict = field(default_factory=dict)


PanelBuilder = Callable[[ReportFilters], "DashboardPanel | None"]
_builders: list[PanelBuilder] = []


def dashboard_panel_register(builder: PanelBuilder) -> PanelBuilder:
    """Add a section to the dashboard; `builder(filters)` must keep its query count flat."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def dashboard_panels_get(filters: ReportFilters) -> list[DashboardPanel]:
    """The registered sections with something to show for these filters."""
    return [panel for builder in _builders if (panel := builder(filters)) is not None]
