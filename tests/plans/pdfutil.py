"""Read a PDF back as its reader would: text per page, metadata, structure."""

import io
import re

from pypdf import PdfReader


def pdf_pages_text(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages_text(pdf))


def normalized(text: str) -> str:
    """Collapse whitespace (also narrow no-break spaces) so phrases can be searched for."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def toc_entries(pdf: bytes) -> list[tuple[str, int]]:
    """Return (heading, page number) from the contents page, in order."""
    contents = next(text for text in pdf_pages_text(pdf) if "Innehållsförteckning" in text)
    entries = []
    for line in contents.splitlines():
        match = re.match(r"^(\d+(?:\.\d+)* .+?)[ .]*\.{2,}\s*(\d+)$", line.strip())
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries
