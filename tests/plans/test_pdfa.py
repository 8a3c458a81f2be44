"""The post-processing that completes WeasyPrint's PDF/A-3a and PDF/UA-1 output (plans.pdfa)."""

import io
import zlib

import pikepdf
from pikepdf import Name
from weasyprint import HTML

from plans.pdfa import complete


def _tagged(html: str, variant: str = "pdf/ua-1") -> bytes:
    output = io.BytesIO()
    HTML(string=f'<html lang="sv"><head><title>Prov</title></head><body>{html}</body></html>').write_pdf(
        output, pdf_tags=True, pdf_variant=variant
    )
    return output.getvalue()


def _elements(pdf: pikepdf.Pdf, tag: str) -> list:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        if element.get("/S") == Name(tag):
            found.append(element)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        stack += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
    return found


def test_header_cells_get_column_scope_in_the_head_and_row_scope_in_the_body():
    html = (
        "<table><thead><tr><th>Post</th><th>Belopp</th></tr></thead>"
        "<tbody><tr><th>Lön</th><td>1</td></tr></tbody></table>"
    )
    with pikepdf.open(io.BytesIO(complete(_tagged(html)))) as pdf:
        scopes = sorted(str(cell.A.Scope) for cell in _elements(pdf, "/TH"))
    assert scopes == ["/Column", "/Column", "/Row"]


def test_a_loose_list_items_paragraphs_move_into_its_body():
    html = "<ul><li><p>Första stycket.</p><p>Andra.</p></li><li>Tät punkt.</li></ul>"
    with pikepdf.open(io.BytesIO(complete(_tagged(html)))) as pdf:
        for item in _elements(pdf, "/LI"):
            kids = item.K if isinstance(item.K, pikepdf.Array) else [item.K]
            assert {str(kid.S) for kid in kids} <= {"/Lbl", "/LBody"}
            for kid in kids:
                assert kid.P.objgen == item.objgen
        bodies = [body for body in _elements(pdf, "/LBody") if any(kid.get("/S") == Name.P for kid in body.K)]
        assert bodies and all(kid.P.objgen == bodies[0].objgen for kid in bodies[0].K)


def test_the_metadata_declares_pdfua_unfiltered_and_keeps_pdfa():
    with pikepdf.open(io.BytesIO(complete(_tagged("<p>Text</p>", "pdf/a-3a")))) as pdf:
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert 'pdfuaid:part="1"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp


def test_a_stream_ending_in_a_carriage_return_is_rewritten_and_reads_the_same():
    # Drawing instructions with a comment whose bytes make the compressed stream's checksum end in CR.
    data = next(
        payload
        for payload in (f"0 0 m 10 10 l S % {'x' * n}{'!' * (n % 97)}\n".encode() for n in range(10_000))
        if zlib.compress(payload).endswith(b"\r")
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_stream(zlib.compress(data))
    stream.Filter = Name.FlateDecode
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    output = io.BytesIO()
    pdf.save(output, compress_streams=False)
    with pikepdf.open(io.BytesIO(complete(output.getvalue()))) as fixed:
        contents = fixed.pages[0].obj.Contents
        assert not contents.read_raw_bytes().endswith(b"\r")
        assert contents.read_bytes() == data


def test_the_same_layout_gives_the_same_bytes():
    pdf = _tagged("<h1>Rubrik</h1><p>Text</p>", "pdf/a-3a")
    assert complete(pdf) == complete(pdf)
