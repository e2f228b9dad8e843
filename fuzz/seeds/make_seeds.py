#!/usr/bin/env python3
"""Writes the small hand-made seeds of fuzz/corpus: a minimal DOCX, ODT and PDF with headings,
a list and a table, so the fuzzers start from every structure the readers handle without the
size of a real document. Run from the repository root; deterministic."""
import zipfile, zlib, os

def zip_write(path, entries, first_stored=None):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == first_stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(text, style=None, num=False):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + \
              ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if num else "") + "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r><w:r><w:tab/><w:br/></w:r></w:p>'
body = (p("第1章 総則", "Heading1") + p("1.1 目的", "Heading2") +
        p("受注者は、情報セキュリティ対策を講じること。") + p("項目1", num=True) +
        '<w:tbl><w:tr><w:tc>' + p("セル") + '</w:tc><w:tc>' + p("機密性") + '</w:tc></w:tr></w:tbl>' +
        '<w:p><w:ins><w:r><w:t>挿入</w:t></w:r></w:ins><w:del><w:r><w:delText>削除</w:delText></w:r></w:del></w:p>')
docx = [
    ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'),
    ("word/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:style w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:styleId="Heading2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>'),
]
zip_write("fuzz/corpus/read_docx/small.docx", docx)

T = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {T}><office:body><office:text>'
           '<text:h text:outline-level="1">第1章 総則</text:h><text:p>受注者は、<text:span>情報</text:span>セキュリティ<text:s text:c="2"/>対策<text:tab/>を講じること。<text:line-break/></text:p>'
           '<text:list><text:list-item><text:p>項目1</text:p></text:list-item></text:list>'
           '<table:table><table:table-row><table:table-cell><text:p>セル</text:p></table:table-cell></table:table-row></table:table>'
           '<text:tracked-changes><text:changed-region><text:deletion><text:p>削除</text:p></text:deletion></text:changed-region></text:tracked-changes>'
           '</office:text></office:body></office:document-content>')
zip_write("fuzz/corpus/read_odt/small.odt", [
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml", content),
    ("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'),
], first_stored="mimetype")

def pdf(path, stream, compress):
    data = zlib.compress(stream) if compress else stream
    filt = b"/Filter /FlateDecode " if compress else b""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< " + filt + b"/Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    open(path, "wb").write(out)

text = (b"BT /F1 14 Tf 72 770 Td (1 General) Tj 0 -20 Td (The contractor shall protect information.) Tj "
        b"0 -20 Td [(Split) -250 (across) 120 (kerning)] TJ T* (next line) ' ET")
pdf("fuzz/corpus/read_pdf/small.pdf", text, False)
pdf("fuzz/corpus/read_pdf/small-deflate.pdf", text, True)
