"""Server-rendered SVG bar charts: geometry only, the template draws it (works without JS)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    month: datetime.date
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    maximum: int

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(
    points: list[tuple[datetime.date, int]], *, width: int = 600, height: int = 200
) -> BarChart:
    """Bars for (month, count) points; room above each bar for its number, below for the month."""
    top, bottom = 20, 30
    maximum = max((value for _month, value in points), default=0)
    plot = height - top - bottom
    slot = width / max(len(points), 1)
    bars = []
    for index, (month, value) in enumerate(points):
        bar_height = plot * value / maximum if maximum else 0
        bars.append(
            Bar(
                month=month,
                value=value,
                x=round(index * slot + slot * 0.15, 1),
                y=round(top + plot - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
            )
        )
    return BarChart(width=width, height=height, baseline=top + plot, bars=bars, maximum=maximum)
