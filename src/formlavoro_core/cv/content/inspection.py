"""Looking inside an attachment of a known format for hostile content (SEC-7).

:func:`inspect_content` picks the checks for the format the content was recognised
as (by content, so a DOCX stored as ``.zip`` is still checked for macros), and is the
:class:`~entries.Inspector` the archive readers hand each file they find:

- PDF: :mod:`markup` (polyglots) and :mod:`pdf` (scripts, actions, embedded files);
- PNG, JPEG, TIFF: :mod:`markup` only, since images carry no active content of
  their own and are decoded by the viewer, not here;
- ZIP, DOCX: :mod:`zip_archive`; 7z: :mod:`sevenzip`; DOC: :mod:`ole`.

A file inside an archive is judged by its name (:mod:`names`), then by its first
bytes: a program is refused whatever it is called, an archive of a kind that cannot
be opened here is refused, and an archive, an Office compound file or a PDF is
looked into, archives at most :data:`~hazards.MAX_NESTING` levels deep.
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.cv.content.entries import EntryData
from formlavoro_core.cv.content.formats import AttachmentFormat, ContentKind
from formlavoro_core.cv.content.hazards import MAX_NESTING, Budget, Hazard
from formlavoro_core.cv.content.markup import polyglot_hazard
from formlavoro_core.cv.content.ole import inspect_ole
from formlavoro_core.cv.content.pdf import inspect_pdf
from formlavoro_core.cv.content.sevenzip import inspect_7z
from formlavoro_core.cv.content.zip_archive import inspect_zip

__all__ = ["inspect_content"]

_ARCHIVES: Final = frozenset({ContentKind.ZIP, ContentKind.SEVEN_Z})
_REFUSED_KINDS: Final = {
    ContentKind.EXECUTABLE: Hazard.EXECUTABLE,
    ContentKind.OTHER_ARCHIVE: Hazard.NESTED_ARCHIVE,
}
_LOOKED_INTO: Final = _ARCHIVES | {ContentKind.OLE, ContentKind.PDF}


def inspect_content(fmt: AttachmentFormat, content: bytes) -> Hazard | None:
    r"""Say why ``content``, recognised as ``fmt``, is hostile, or ``None`` if it is not.

    >>> inspect_content(AttachmentFormat.PDF, b"%PDF-1.7\n1 0 obj<</S/Launch>>endobj")
    <Hazard.PDF_LAUNCH: 'pdf_launch'>
    >>> inspect_content(AttachmentFormat.PDF, b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj")
    """
    inspector = _Inspector()
    match fmt:
        case AttachmentFormat.PDF:
            return polyglot_hazard(content) or inspect_pdf(content, inspector.budget)
        case AttachmentFormat.PNG | AttachmentFormat.JPEG | AttachmentFormat.TIFF:
            return polyglot_hazard(content)
        case AttachmentFormat.ZIP | AttachmentFormat.DOCX:
            return inspect_zip(content, 0, inspector)
        case AttachmentFormat.SEVEN_Z:
            return inspect_7z(content, 0, inspector)
        case AttachmentFormat.DOC:
            return inspect_ole(content)


class _Inspector:
    """Judges the files inside one attachment, with one budget for all of them."""

    __slots__ = ("_budget",)

    def __init__(self) -> None:
        self._budget = Budget()

    @property
    def budget(self) -> Budget:
        return self._budget

    def wants_whole(self, kind: ContentKind, depth: int) -> bool:
        if kind in _ARCHIVES:
            return depth < MAX_NESTING
        return kind in _LOOKED_INTO

    def judge(self, data: EntryData, depth: int) -> Hazard | None:
        kind = data.kind
        if kind in _REFUSED_KINDS:
            return _REFUSED_KINDS[kind]
        if kind in _ARCHIVES and depth >= MAX_NESTING:
            return Hazard.NESTED_ARCHIVE
        whole = data.whole
        if kind not in _LOOKED_INTO or not whole:
            return None
        look_into = {
            ContentKind.ZIP: lambda: inspect_zip(whole, depth + 1, self),
            ContentKind.SEVEN_Z: lambda: inspect_7z(whole, depth + 1, self),
            ContentKind.OLE: lambda: inspect_ole(whole),
            ContentKind.PDF: lambda: _nested_pdf_hazard(whole, self._budget),
        }
        return look_into[kind]()


def _nested_pdf_hazard(content: bytes, budget: Budget) -> Hazard | None:
    # Readers find the header anywhere in the first 1,024 bytes, and so does sniff():
    # what comes before it is searched for markup like the rest.
    return polyglot_hazard(content) or inspect_pdf(content, budget)
