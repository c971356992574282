"""Server-rendered SVG bar charts: geometry only, the template draws it (works without JS).

Every coordinate is computed here, so the template does no arithmetic, and the
template writes them with localisation off: an SVG number is always "7.5",
never the Swedish "7,5" (which makes the drawing invalid).
"""

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
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        """Where the bar's number stands: just above the bar."""
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    maximum: int

    @property
    def month_y(self) -> int:
        """Where the month names stand: below the baseline."""
        return self.height - 10

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
