"""Read a PDF back as its reader would: text per page, metadata, structure."""

import io
import re
import tempfile
from pathlib import Path

import page
import pdfua
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


def validator_findings(pdf: bytes, *, archival: bool) -> list[str]:
    """What page-validation (PDF/UA-1, and PDF/A-3a when archival) and pdfua find in `pdf`."""
    profiles = [page.ValidationProfile.PDF_UA_1] + ([page.ValidationProfile.PDF_A_3A] if archival else [])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        found = [
            f"page-validation {profile.name}: {failure.rule_id} {failure.message}"
            for profile in profiles
            for failure in page.validate_pdf(str(path), profile=profile).failures
        ]
        report = pdfua.validate(str(path))
        found += [f"pdfua: {finding.rule_id} ({finding.severity}) {finding.message}" for finding in report.findings]
        if report.exit_code != 0 and not report.findings:
            found.append(f"pdfua: exit code {report.exit_code}")
    return found
