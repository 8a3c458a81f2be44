"""Safe Markdown: the one place text written in the browser becomes HTML.

Projects, reports and the verksamhetsplan all render through `render_markdown`, so the
allowed tags are decided once. Markdown first, then nh3 removes whatever the
allow-list does not name (scripts, event handlers, style attributes, javascript: links).
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
EXTENSIONS = ["tables", "sane_lists", "smarty"]


def render_markdown(text: str | None) -> SafeString:
    """Render `text` as Markdown and return HTML that is safe to put on a page or in the PDF."""
    if not text:
        return mark_safe("")  # noqa: S308 - the empty string
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
