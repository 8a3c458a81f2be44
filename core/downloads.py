"""How a download names itself: a Content-Disposition every browser reads (RFC 6266).

An ASCII `filename` for old clients (an en dash becomes a hyphen, å ä ö lose their marks)
and, when the name is not plain ASCII, the exact name as UTF-8 in `filename*` (RFC 5987).
"""

import re
import unicodedata
from urllib.parse import quote

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]")


def ascii_filename(filename: str) -> str:
    """`filename` in printable ASCII without quotes or backslashes: "Plan 2007–2008.pdf" → "Plan 2007-2008.pdf"."""
    plain = unicodedata.normalize("NFKD", filename.translate(_DASHES)).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("_", plain) or "fil"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value that offers `filename` to save (or, `inline`, to show)."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{kind}; filename="{fallback}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
