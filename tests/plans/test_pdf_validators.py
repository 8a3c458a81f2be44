"""Every PDF sofint makes passes two independent validators: page-validation and pdfua.

Stored documents (the versions sent to the board, the adopted plan) are PDF/A-3a and PDF/UA-1
in one file; a draft downloaded while the plan is written is PDF/UA-1. Zero failures and zero
findings of any severity, for the demo's documents and a plan with 20 times the demo's data.
A failure prints the validators' own findings.
"""

import io

import pytest

from tests.plans.conftest import FACTOR
from tests.plans.pdfutil import validator_findings as findings

pytestmark = pytest.mark.django_db

STORED = ["2018 version 1", "2018 fastställd", f"2018 med {FACTOR}× data, arkiv"]
DRAFTS = ["2019 utkast", f"2018 med {FACTOR}× data"]


@pytest.mark.parametrize("name", STORED)
def test_a_stored_document_is_pdfa_3a_and_pdfua_1(plan_pdfs, name):
    assert findings(plan_pdfs[name], archival=True) == []


@pytest.mark.parametrize("name", DRAFTS)
def test_a_draft_is_pdfua_1(plan_pdfs, name):
    assert findings(plan_pdfs[name], archival=False) == []


def test_the_validators_are_not_silent():
    """A PDF without structure, language or identification fails both (the checks check something)."""
    from weasyprint import HTML

    output = io.BytesIO()
    HTML(string="<table><tr><th>Rubrik</th></tr><tr><td>1</td></tr></table>").write_pdf(output)
    found = findings(output.getvalue(), archival=True)
    assert any(line.startswith("page-validation PDF_UA_1") for line in found)
    assert any(line.startswith("page-validation PDF_A_3A") for line in found)
    assert any(line.startswith("pdfua") for line in found)


def test_the_stored_documents_declare_both_standards(plan_pdfs):
    import pikepdf

    with pikepdf.open(io.BytesIO(plan_pdfs["2018 fastställd"])) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert 'pdfuaid:part="1"' in xmp
