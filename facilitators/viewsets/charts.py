"""Geometry for the overview's charts, drawn as inline SVG by templates (no JavaScript).

Each stage has a colour dark enough for white text and a 3:1 contrast against the white page,
and its own pattern, so the chart can be read without telling colours apart; the numbers are
written on the bars and repeated in a table below each chart."""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from ..models.startups import Stage

# stage → (colour, pattern id or "" for solid)
STAGE_STYLES = {
    Stage.PLANNING: ("#1f4e79", ""),
    Stage.MEETING_SCHEDULED: ("#7a4b00", "stripes"),
    Stage.RECRUITING: ("#006b5e", "dots"),
    Stage.FIRST_MEETINGS: ("#6a2c91", "crosshatch"),
    Stage.SELF_RUNNING: ("#2d6a1f", "horizontal"),
    Stage.STOPPED: ("#8a1c1c", "vertical"),
}
CHART_STAGES = list(STAGE_STYLES)
INTEREST_COLOUR = "#1f4e79"

WIDTH = 640
LABEL_WIDTH = 150
BAR_WIDTH = 420  # leaves room for the total after the longest bar
ROW_HEIGHT = 26
ROW_GAP = 12
TOP = 8
MIN_WIDTH_FOR_NUMBER = 22  # a segment narrower than this has its number in the table only


def _short(text: str, limit: int = 20) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Segment:
    stage: str
    label: str
    count: int
    x: float
    width: float
    colour: str
    pattern: str

    @property
    def fill(self) -> str:
        return f"url(#samhold-pattern-{self.stage})" if self.pattern else self.colour

    @property
    def show_number(self) -> bool:
        return self.width >= MIN_WIDTH_FOR_NUMBER

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2


def legend():
    return [
        {"stage": stage, "label": Stage(stage).label, "colour": colour, "pattern": pattern,
         "fill": f"url(#samhold-pattern-{stage})" if pattern else colour}
        for stage, (colour, pattern) in STAGE_STYLES.items()
    ]


def stage_chart(county_counts) -> dict:
    """Stacked horizontal bars: one row per county, one segment per stage."""
    rows = [row for row in county_counts if row.total]
    largest = max([row.total for row in rows], default=0) or 1
    scale = BAR_WIDTH / largest
    drawn = []
    for index, row in enumerate(rows):
        y = TOP + index * (ROW_HEIGHT + ROW_GAP)
        x = LABEL_WIDTH
        segments = []
        for stage in CHART_STAGES:
            count = row.by_stage.get(stage, 0)
            if not count:
                continue
            colour, pattern = STAGE_STYLES[stage]
            width = count * scale
            segments.append(Segment(stage, Stage(stage).label, count, x, width, colour, pattern))
            x += width
        drawn.append(
            {
                "name": row.name,
                "short_name": _short(row.name),
                "total": row.total,
                "y": y,
                "text_y": y + ROW_HEIGHT / 2,
                "total_x": x + 6,
                "segments": segments,
                "by_stage": [row.by_stage.get(stage, 0) for stage in CHART_STAGES],
            }
        )
    return {
        "rows": drawn,
        "height": TOP * 2 + len(drawn) * (ROW_HEIGHT + ROW_GAP),
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "row_height": ROW_HEIGHT,
        "legend": legend(),
        "stages": [Stage(stage).label for stage in CHART_STAGES],
        "aria_label": _stage_chart_label(drawn),
    }


def _stage_chart_label(rows) -> str:
    """The chart in words, for screen readers (the table below says the same)."""
    if not rows:
        return gettext("Start-ups by stage per county: no start-ups yet.")
    parts = []
    for row in rows:
        stages = ", ".join(f"{segment.count} {str(segment.label).lower()}" for segment in row["segments"])
        parts.append(f"{row['name']}: {stages}")
    return gettext("Start-ups by stage per county.") + " " + "; ".join(parts) + "."


def interest_chart(theme_counts) -> dict:
    """Horizontal bars: confirmed interest registrations per theme."""
    largest = max([count for _theme, count in theme_counts], default=0) or 1
    scale = BAR_WIDTH / largest
    rows = []
    for index, (theme, count) in enumerate(theme_counts):
        y = TOP + index * (ROW_HEIGHT + ROW_GAP)
        width = count * scale
        rows.append(
            {
                "name": theme.display_name,
                "short_name": _short(theme.display_name),
                "count": count,
                "y": y,
                "text_y": y + ROW_HEIGHT / 2,
                "width": width,
                "count_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "rows": rows,
        "height": TOP * 2 + len(rows) * (ROW_HEIGHT + ROW_GAP),
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "row_height": ROW_HEIGHT,
        "colour": INTEREST_COLOUR,
        "aria_label": _interest_chart_label(rows),
    }


def _interest_chart_label(rows) -> str:
    if not rows:
        return gettext("Interest by theme: no confirmed registrations.")
    parts = [
        ngettext("%(theme)s: %(count)s registration", "%(theme)s: %(count)s registrations", row["count"])
        % {"theme": row["name"], "count": row["count"]}
        for row in rows
    ]
    return gettext("Interest by theme.") + " " + "; ".join(parts) + "."
