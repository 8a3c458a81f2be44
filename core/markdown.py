"""Safe Markdown: the one place text written in the browser becomes HTML.

Projects, reports and the verksamhetsplan all render through `render_markdown`, so the
allowed tags are decided once. Markdown passes raw HTML through, so every rendering is
cleaned with nh3 (the Ammonia sanitiser) against an allow-list: structure, lists, tables
and emphasis survive; scripts, styles, iframes, event handlers and `javascript:` links do
not. Headings start at h3: h1 and h2 belong to the page and the plan's own numbering.
"""

import functools

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "sub", "sup", "mark", "small",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists"]


def sanitize_html(html: str) -> SafeString:
    """Return `html` with everything outside the allow-list removed."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


# The same texts are rendered again and again (each plan section on every preview and every
# download of the draft PDF, whose cache key is its HTML): the result depends on the text
# alone, and a SafeString cannot be changed, so the last few hundred are kept.
@functools.lru_cache(maxsize=512)
def render_markdown(text: str | None) -> SafeString:
    """Render `text` as Markdown and return HTML that is safe to put on a page or in the PDF."""
    if not text:
        return mark_safe("")  # noqa: S308 - the empty string
    return sanitize_html(markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html"))
