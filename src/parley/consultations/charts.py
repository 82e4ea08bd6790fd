"""The geometry of a summary's bar charts, worked out here so that the SVG template only
places what it is given: no script, no inline style (the CSP forbids both), and every bar
labelled with its words and number, so nothing is told by colour alone."""

from dataclasses import dataclass

from parley.consultations.summary import QuestionSummary, Tally

WIDTH = 640  # the chart's viewBox width; it scales to the column
BAR_SPACE = 440  # the longest bar; the rest of the width holds its number
BAR_HEIGHT = 16
LABEL_HEIGHT = 22  # the answer's words, above its bars
GAP = 14


@dataclass(frozen=True)
class Row:
    tally: Tally
    label_y: int
    everyone_y: int
    individuals_y: int
    everyone_width: int
    individuals_width: int

    @property
    def text_y_everyone(self) -> int:
        return self.everyone_y + BAR_HEIGHT - 3

    @property
    def text_y_individuals(self) -> int:
        return self.individuals_y + BAR_HEIGHT - 3

    @property
    def everyone_text_x(self) -> int:
        return self.everyone_width + 6

    @property
    def individuals_text_x(self) -> int:
        return self.individuals_width + 6


@dataclass(frozen=True)
class Chart:
    rows: list[Row]
    width: int
    height: int


def _width(count: int, most: int) -> int:
    if most == 0 or count == 0:
        return 0
    return max(2, round(BAR_SPACE * count / most))  # a bar of one is still seen


def chart_of(summary: QuestionSummary) -> Chart:
    """Two bars per answer (all responses; individuals only), scaled to the largest."""
    most = summary.most
    rows = []
    y = 0
    for tally in summary.tallies:
        rows.append(
            Row(
                tally=tally,
                label_y=y + LABEL_HEIGHT - 6,
                everyone_y=y + LABEL_HEIGHT,
                individuals_y=y + LABEL_HEIGHT + BAR_HEIGHT + 4,
                everyone_width=_width(tally.everyone, most),
                individuals_width=_width(tally.individuals, most),
            )
        )
        y += LABEL_HEIGHT + 2 * BAR_HEIGHT + 4 + GAP
    return Chart(rows=rows, width=WIDTH, height=max(y, 1))
