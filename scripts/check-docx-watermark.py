#!/usr/bin/env python3
"""Checks that a .docx written by Pantau with a watermark shows it on every page in LibreOffice.

    python3 scripts/check-docx-watermark.py FILE.docx [--text DRAF]

  - the header part the section references holds a VML text path with the text;
  - LibreOffice, converting to .odt, imports it as a shape holding the text;
  - LibreOffice, converting to PDF, draws it on every page: each page rendered by pdftoppm has
    clearly more light-grey pixels than the same document without its header reference.
LibreOffice draws the watermark as outlines, so pdftotext does not find its text in the PDF; the
pixel comparison stands in for it. Exits 1 with one line per problem.

Needs LibreOffice (apt-get install libreoffice-writer) and poppler-utils (pdftoppm).
A sample: PANTAU_DOCX_DRAFT_SAMPLE=/tmp/draf.docx swift test --filter DocxSampleTests
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import zipfile


def convert(path, target, work):
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", work, path], capture_output=True, timeout=180, check=True)
    return os.path.join(work, os.path.splitext(os.path.basename(path))[0] + "." + target.split(":")[0])


def grey_pixels_per_page(pdf, work, name):
    prefix = os.path.join(work, name)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", pdf, prefix], check=True)
    counts = []
    for page in sorted(glob.glob(prefix + "-*.pgm")):
        with open(page, "rb") as handle:
            data = handle.read()
        # Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        pixels = data[header.end():]
        counts.append((sum(1 for value in pixels if 160 <= value <= 240), len(pixels)))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--text", default="DRAF")
    args = parser.parse_args()
    problems = []

    with zipfile.ZipFile(args.file) as package:
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        reference = re.search(r'<w:headerReference w:type="default" r:id="([^"]+)"', document)
        target = reference and re.search(rf'Id="{reference.group(1)}"[^>]*Target="([^"]+)"', rels)
        header = package.read("word/" + target.group(1)).decode() if target else ""
        if f'<v:textpath style="' not in header or f'string="{args.text}"' not in header:
            problems.append(f"no VML text path with {args.text!r} in the referenced header part")
        entries = {name: package.read(name) for name in package.namelist()}

    with tempfile.TemporaryDirectory() as work:
        odt = convert(args.file, "odt", work)
        with zipfile.ZipFile(odt) as converted:
            styles = converted.read("styles.xml").decode()
        if not re.search(rf"<draw:custom-shape[^>]*>(<[^>]*>)*?{re.escape(args.text)}<", styles):
            problems.append(f"LibreOffice did not import a shape holding {args.text!r}")

        # The same document without its header reference, for comparison.
        bare = os.path.join(work, "bare", os.path.basename(args.file))
        os.makedirs(os.path.dirname(bare))
        with zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as copy:
            for name, data in entries.items():
                if name == "word/document.xml":
                    data = re.sub(rb'<w:headerReference [^>]*/>', b"", data)
                copy.writestr(name, data)
        marked = grey_pixels_per_page(convert(args.file, "pdf", work), work, "marked")
        plain = grey_pixels_per_page(convert(bare, "pdf", os.path.dirname(bare)), work, "plain")
        if len(marked) != len(plain) or not marked:
            problems.append(f"{len(marked)} pages with the watermark, {len(plain)} without")
        for number, ((grey, total), (grey_plain, _)) in enumerate(zip(marked, plain), start=1):
            if grey - grey_plain < total * 0.02:
                problems.append(f"page {number}: no watermark drawn ({grey} light-grey pixels, {grey_plain} without it)")

    for problem in problems:
        print(f"check-docx-watermark: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-docx-watermark: {args.file}: {args.text!r} on all {len(marked)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
