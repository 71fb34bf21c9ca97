"""Read back what the document adapters wrote: PDF text and structure, without a PDF library.

fpdf2 writes one ``(text) Tj`` operator per line of text with the core fonts, inside
Flate-compressed content streams; these helpers inflate the streams and collect them.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(
    rb"<<(?P<head>(?:(?!>>\s*stream).)*?)>>\s*stream\r?\n(?P<body>.*?)\r?\nendstream", re.S
)
_SHOWN = re.compile(rb"\((?P<text>(?:[^\\()]|\\.)*)\)\s*Tj")
_ESCAPE = re.compile(rb"\\(.)", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def content_streams(pdf: bytes) -> list[bytes]:
    """Every Flate-compressed stream, inflated, in file order."""
    inflated = []
    for match in _STREAM.finditer(pdf):
        if b"/FlateDecode" in match.group("head"):
            inflated.append(zlib.decompress(match.group("body")))
    return inflated


def text_lines(pdf: bytes) -> list[str]:
    """The lines of text shown with core fonts (Windows-1252), in drawing order."""
    lines = []
    for stream in content_streams(pdf):
        for match in _SHOWN.finditer(stream):
            raw = _ESCAPE.sub(lambda escaped: escaped.group(1), match.group("text"))
            lines.append(raw.decode("windows-1252"))
    return lines


def page_count(pdf: bytes) -> int:
    """How many ``/Type /Page`` objects the file holds."""
    return len(_PAGE.findall(pdf))


def page_streams(pdf: bytes) -> list[str]:
    """The text of each page's content stream (those that show text), page by page."""
    pages = []
    for stream in content_streams(pdf):
        shown = [
            _ESCAPE.sub(lambda escaped: escaped.group(1), match.group("text")).decode(
                "windows-1252"
            )
            for match in _SHOWN.finditer(stream)
        ]
        if shown:
            pages.append("\n".join(shown))
    return pages
