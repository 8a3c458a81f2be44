"""What WeasyPrint's PDF/A-3a and PDF/UA-1 output lacks, added after the layout with pikepdf.

WeasyPrint 70 tags the document (headings, lists, tables, figures with their alternative text,
the language, the title) from the HTML, and sofint's templates give it that structure. Four
things it cannot be told from HTML or CSS are set here, each under the rule that asks for it:

- The PDF/UA-1 identification (ISO 14289-1 §5: `pdfuaid:part` = 1 in the XMP metadata), declared
  as a PDF/A extension schema so that the PDF/A check accepts the property (ISO 19005-3 §6.6.2.3).
- The XMP metadata stream unfiltered (ISO 19005-3 §6.6.2.1: no Filter on the catalog's metadata).
- Every table header cell's `/Scope` (ISO 14289-1 §7.5; Matterhorn 15-003): Column in the table's
  head, Row in its body. WeasyPrint writes `/O /Table` without the scope the HTML's `th` has.
- A list item holds only `Lbl` and `LBody` (ISO 32000-1 §14.8.4.3.3): WeasyPrint puts a loose
  list's paragraphs (Markdown's `<li><p>…</p></li>`) straight under `LI`; they move into an `LBody`.
- No image is interpolated (ISO 19005-3 §6.2.8: `/Interpolate` shall be false): the draft's
  watermark is a picture, and WeasyPrint asks viewers to smooth it.
- No stream's data ends in a carriage return (ISO 19005-3 §6.1.7.1: `/Length` counts the bytes
  before the end-of-line that precedes `endstream`; data ending in CR followed by the writer's LF
  reads as a CR LF end-of-line, one byte short). A Flate stream ends in the checksum of what it
  holds, so about one in 256 does; such a stream is written in hexadecimal over its compression
  (`[/ASCIIHexDecode /FlateDecode]`, allowed in PDF/A), which ends in `>`.

Nothing else in the file is changed; the streams WeasyPrint compressed stay as they are, and
the file identifier is derived from the content, so the same layout gives the same bytes.
"""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

PDFUA_PART = 1

# The PDF/A extension schema that declares pdfuaid:part (ISO 19005-3 §6.6.2.3.1), and the part itself.
_PDFUA_XMP = f"""<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="{PDFUA_PART}"/>
"""
_XPACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_XPACKET_END = '\n<?xpacket end="w"?>'


def complete(pdf_bytes: bytes) -> bytes:
    """Return the PDF with the identification, header scopes, list structure and images made conformant."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _declare_pdfua(pdf)
        if "/StructTreeRoot" in pdf.Root:
            _fix_structure(pdf, pdf.Root.StructTreeRoot)
        _no_interpolation(pdf)
        _no_stream_ends_in_cr(pdf)
        output = io.BytesIO()
        # compress_streams=False: the new metadata stays unfiltered; WeasyPrint's streams keep their filters.
        pdf.save(output, compress_streams=False, deterministic_id=True)
    return output.getvalue()


def _declare_pdfua(pdf: pikepdf.Pdf) -> None:
    xmp = bytes(pdf.Root.Metadata.read_bytes()).decode() if "/Metadata" in pdf.Root else ""
    if "pdfuaid:part" not in xmp:
        if "</rdf:RDF>" not in xmp:
            xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>'
        xmp = xmp.replace("</rdf:RDF>", _PDFUA_XMP + "</rdf:RDF>", 1)
    if "<?xpacket" not in xmp:
        xmp = _XPACKET_BEGIN + xmp.strip() + _XPACKET_END
    pdf.Root.Metadata = pdf.make_stream(xmp.encode(), Type=Name.Metadata, Subtype=Name.XML)


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _fix_structure(pdf: pikepdf.Pdf, root) -> None:
    """Walk the structure tree once (iteratively: a long plan nests deep) and mend TH and LI."""
    stack = [(root, None)]
    while stack:
        element, section = stack.pop()
        tag = element.get("/S")
        if tag in ("/THead", "/TBody", "/TFoot"):
            section = tag
        elif tag == "/TH":
            _set_scope(element, Name.Column if section == "/THead" else Name.Row)
        elif tag == "/LI":
            _wrap_list_item_body(pdf, element)
        stack.extend((kid, section) for kid in _kids(element) if _is_element(kid))


def _set_scope(cell, scope: Name) -> None:
    attributes = cell.get("/A")
    owners = list(attributes) if isinstance(attributes, Array) else [attributes] if attributes is not None else []
    for owner in owners:
        if isinstance(owner, Dictionary) and owner.get("/O") == Name.Table:
            if "/Scope" not in owner:
                owner.Scope = scope
            return
    owners.append(Dictionary(O=Name.Table, Scope=scope))
    cell.A = owners[0] if len(owners) == 1 else Array(owners)


def _stray(kid) -> bool:
    """A structure element a list item may not hold (marked content is left where it is)."""
    return _is_element(kid) and kid.S not in (Name.Lbl, Name.LBody)


def _wrap_list_item_body(pdf: pikepdf.Pdf, item) -> None:
    kids = _kids(item)
    strays = [kid for kid in kids if _stray(kid)]
    if not strays:
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array(strays)))
    for kid in strays:
        kid.P = body
    kept = []
    for kid in kids:
        if not _stray(kid):
            kept.append(kid)
        elif body not in kept:
            kept.append(body)
    item.K = Array(kept)


def _no_interpolation(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image and obj.get("/Interpolate"):
            obj.Interpolate = False


def _no_stream_ends_in_cr(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == Name.FlateDecode:
            raw = obj.read_raw_bytes()
            if raw.endswith(b"\r"):
                parms = obj.get("/DecodeParms")
                obj.write(
                    raw.hex().encode() + b">",
                    filter=Array([Name.ASCIIHexDecode, Name.FlateDecode]),
                    decode_parms=Array([pikepdf.Object.parse(b"null"), parms]) if parms is not None else None,
                )
