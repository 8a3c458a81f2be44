"""The budget's two charts as SVG (pygal): contribution shares and costs by category.

The SVG has no script in it, so the web page can show it as an image under the
CSP, and WeasyPrint can draw it in the plan's PDF (`<img src="data:...">`).
"""

import base64
import re

import pygal
from pygal.style import Style

from core.formatting import kr, percent

from .figures import amount_text
from .selectors import BudgetSummary

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
# pygal names each drawing by a random UUID; a fixed name makes the same figures the same bytes.
CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    legend_font_size=14,
    title_font_size=17,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    colors=(
        "#1f4e79",
        "#4f81bd",
        "#8064a2",
        "#4bacc6",
        "#9bbb59",
        "#f79646",
        "#c0504d",
        "#7f7f7f",
        "#2c7a7b",
        "#b7950b",
    ),
)


def _render(chart, *, name: str) -> str:
    svg = chart.render(is_unicode=True)
    return CHART_ID.sub(f"chart-{name}", SCRIPT.sub("", svg))


def contribution_shares_svg(summary: BudgetSummary) -> str:
    """Draw each party's share of the year's contributions as a ring."""
    chart = pygal.Pie(
        style=STYLE,
        js=[],
        inner_radius=0.45,
        # Wide and low, the legend beside the ring: in the plan's PDF the chart then stays on the
        # page of the table it illustrates instead of filling half a page of its own.
        width=800,
        height=max(360, 60 + 24 * len(summary.income)),
        explicit_size=True,
        legend_box_size=14,
        truncate_legend=-1,
        title=f"Medelstilldelning {summary.budget.year}",
    )
    for row in summary.income:
        # No shares before the split among the members is known: the frame is no one's share.
        if row.amount and not row.is_frame:
            chart.add(f"{row.label} {percent(row.share)}", [{"value": row.amount, "label": kr(row.amount)}])
    return _render(chart, name="andelar")


def costs_by_category_svg(summary: BudgetSummary) -> str:
    """Draw the total of each cost category as horizontal bars, in the categories' order."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        width=800,
        height=70 + 28 * max(len(summary.categories), 1),
        explicit_size=True,
        show_legend=False,
        show_x_labels=False,
        truncate_label=-1,
        value_formatter=kr,
        title=f"Kostnader {summary.budget.year} per kostnadsslag",
    )
    blocks = list(reversed(summary.categories))  # pygal draws the first value at the bottom
    chart.x_labels = [
        f"{block.category.name} {amount_text(block.total, partial=block.total_partial)}" for block in blocks
    ]
    # A category whose lines have no amount yet draws no bar (its label says "uppgift saknas").
    chart.add("Budget", [block.total or 0 for block in blocks])
    return _render(chart, name="kostnader")


def as_data_uri(svg: str) -> str:
    """Return the SVG as a data: URI, for an <img> in the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
