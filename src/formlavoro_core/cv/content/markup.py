r"""Polyglots: a PDF or an image that is also a web page or an archive (SEC-7).

A browser that guesses a file's type from its first bytes, or a reader that looks for
its header further in than the first byte, can take one file for two. The portal
serves attachments with their media type; these checks refuse the files built to be
read otherwise:

- markup near the start: web-page or script tags (``<script``, ``<html``, ``<svg``,
  ``<iframe``, ...) in the first :data:`MARKUP_WINDOW` bytes, where content sniffing
  looks (the tags of the WHATWG sniffing algorithm, plus the ones that run scripts);
- an archive appended: a ZIP end-of-directory record near the end whose directory is
  really there, so archivers open the file as a ZIP.

>>> polyglot_hazard(b"%PDF-1.4\n<script>alert(1)</script>").value
'polyglot'
>>> polyglot_hazard(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj") is None
True
"""

from __future__ import annotations

import re
import struct
from typing import Final

from formlavoro_core.cv.content.hazards import Hazard

__all__ = ["MARKUP_WINDOW", "polyglot_hazard"]

MARKUP_WINDOW: Final = 1024
"""How many leading bytes are searched for markup."""

# Tags followed by white space, ">" or "/" (as in "<svg/onload=...>"). "<a" and "<b"
# are left out: "<a >" and "<B>" are hexadecimal strings in a PDF.
_MARKUP: Final = re.compile(
    rb"<(?:!doctype\s+html|!--|(?:html|head|body|script|iframe|frame|frameset|svg|"
    rb"style|title|table|div|font|br|p|h1|img|object|embed|meta|link|form|math|"
    rb"\?php)(?=[\s>/]))",
    re.IGNORECASE,
)

_END_OF_DIRECTORY: Final = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE: Final = 22
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
_MAX_COMMENT: Final = 0xFFFF


def polyglot_hazard(content: bytes) -> Hazard | None:
    """Refuse a PDF or image carrying markup near its start or a ZIP at its end."""
    if _MARKUP.search(content, 0, MARKUP_WINDOW):
        return Hazard.POLYGLOT
    if _has_zip_directory(content):
        return Hazard.POLYGLOT
    return None


def _has_zip_directory(content: bytes) -> bool:
    search_from = max(0, len(content) - _END_OF_DIRECTORY_SIZE - _MAX_COMMENT)
    end = content.rfind(_END_OF_DIRECTORY, search_from)
    while end != -1:
        record = content[end : end + _END_OF_DIRECTORY_SIZE]
        if len(record) == _END_OF_DIRECTORY_SIZE:
            entries, size, offset = struct.unpack_from("<HII", record, 10)
            candidates = (offset, end - size)  # as written, or relative to the record
            if entries and any(
                content[start : start + 4] == _CENTRAL_SIGNATURE
                for start in candidates
                if 0 <= start < end
            ):
                return True
        end = content.rfind(_END_OF_DIRECTORY, search_from, end)
    return False
