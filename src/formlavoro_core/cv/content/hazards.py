"""Why an attachment's content is refused (SEC-7), and the bounds of every look inside.

Each :class:`Hazard` becomes the failure code ``cv.attachment.<value>``. The limits are
decisions, chosen so that a citizen's real files pass and a hostile file costs the
portal milliseconds:

- :data:`MAX_ENTRIES`: 1,000 files in an archive, nested archives and the parts of an
  Office file counted together. A CV's bundle of documents holds tens; a DOCX a few
  dozen parts.
- :data:`MAX_PDF_STREAMS`: 5,000 streams in a PDF. A page takes a few (its content,
  images, fonts); a 2 MiB file with more is made of tiny streams to cost time.
- :data:`MAX_EXPANDED_BYTES`: 32 MiB decoded in all, 16 times the largest attachment.
  Every archive entry is decoded once (to check that its declared size is true), so
  this is also the most work one check can do.
- :data:`MAX_RATIO` above :data:`RATIO_FLOOR_BYTES`: an entry, or a whole archive, that
  expands to more than 1 MiB may expand at most 100 times. Apache POI refuses Office
  files past the same ratio (``ZipSecureFile``'s 1 % minimum inflate ratio), so real
  documents are known to stay below it; zip bombs reach 1,000.
- :data:`MAX_NESTING`: an archive may hold archives (a ZIP holding a DOCX holding a
  chart's XLSX) two levels deep, no deeper.
"""

from __future__ import annotations

import enum
from typing import Final

from formlavoro_core.texts import Text, _

__all__ = [
    "MAX_ENTRIES",
    "MAX_EXPANDED_BYTES",
    "MAX_NESTING",
    "MAX_PDF_STREAMS",
    "MAX_RATIO",
    "RATIO_FLOOR_BYTES",
    "Budget",
    "Hazard",
]

MAX_ENTRIES: Final = 1000
"""Most files one attachment may hold, at every nesting level together."""

MAX_PDF_STREAMS: Final = 5000
"""Most streams one PDF may hold."""

MAX_EXPANDED_BYTES: Final = 32 * 1024 * 1024
"""Most bytes the checks decode for one attachment, at every nesting level together."""

MAX_RATIO: Final = 100
"""Highest expansion ratio (decoded / stored) of an entry or archive past the floor."""

RATIO_FLOOR_BYTES: Final = 1024 * 1024
"""Entries and archives expanding to at most this many bytes are never bombs by ratio."""

MAX_NESTING: Final = 2
"""How many levels of archives an archive may hold (the attachment itself is level 0)."""


class Hazard(enum.Enum):
    """A reason to refuse an attachment by its content (SEC-7).

    >>> Hazard.MACRO.value
    'macro'
    >>> Hazard.EXECUTABLE.explanation
    'it holds a program or a script'
    """

    POLYGLOT = "polyglot"
    PDF_JAVASCRIPT = "pdf_javascript"
    PDF_LAUNCH = "pdf_launch"
    PDF_AUTO_ACTION = "pdf_auto_action"
    EMBEDDED_FILE = "embedded_file"
    MACRO = "macro"
    EXECUTABLE = "executable"
    COMPRESSION_BOMB = "compression_bomb"
    TOO_MANY_ENTRIES = "too_many_entries"
    NESTED_ARCHIVE = "nested_archive"
    UNSAFE_PATH = "unsafe_path"
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"

    @property
    def explanation(self) -> str:
        """Why such a file is refused, as the end of an English sentence."""
        return self.text.source()

    @property
    def text(self) -> Text:
        """Why such a file is refused, as the end of a sentence, in any language (TX-1)."""
        return _EXPLANATIONS[self]


_EXPLANATIONS: Final = {
    Hazard.POLYGLOT: _(
        "it is also readable as another kind of file (web-page or script markup near its "
        "start, or an archive appended to it)"
    ),
    Hazard.PDF_JAVASCRIPT: _("the PDF holds JavaScript or an XFA form, which a reader would run"),
    Hazard.PDF_LAUNCH: _("the PDF holds a Launch action, which starts a program"),
    Hazard.PDF_AUTO_ACTION: _(
        "the PDF holds automatic actions (/AA), which run without the reader choosing them"
    ),
    Hazard.EMBEDDED_FILE: _(
        "it embeds other files to be opened from inside it (PDF attachments, rich media, "
        "packaged Office objects)"
    ),
    Hazard.MACRO: _("it holds macros (a VBA project) or ActiveX controls"),
    Hazard.EXECUTABLE: _("it holds a program or a script"),
    Hazard.COMPRESSION_BOMB: _(
        "it expands far beyond its size when unpacked (more than {ratio} times, or "
        "more than {mebibytes} MiB), or its declared sizes are false",
        ratio=MAX_RATIO,
        mebibytes=MAX_EXPANDED_BYTES // (1024 * 1024),
    ),
    Hazard.TOO_MANY_ENTRIES: _(
        "it holds more parts than can be checked (more than {entries} files in "
        "archives, or more than {streams} streams in a PDF)",
        entries=MAX_ENTRIES,
        streams=MAX_PDF_STREAMS,
    ),
    Hazard.NESTED_ARCHIVE: _(
        "it holds archives nested more than {levels} levels deep, or an archive of a "
        "kind that cannot be checked (RAR, gzip, disk images, ...)",
        levels=MAX_NESTING,
    ),
    Hazard.UNSAFE_PATH: _(
        "it holds file names that lead outside the folder it is unpacked into, or links"
    ),
    Hazard.ENCRYPTED: _("it is encrypted or protected by a password, so it cannot be checked"),
    Hazard.UNREADABLE: _(
        "its structure cannot be read to check it (damaged, inconsistent, or compressed "
        "with a method that cannot be checked)"
    ),
}


class Budget:
    """What one check may still spend: entries listed and bytes decoded.

    One budget is shared by an attachment and everything nested inside it, so nesting
    cannot multiply the work.

    >>> budget = Budget()
    >>> budget.spend_bytes(MAX_EXPANDED_BYTES), budget.spend_bytes(1)
    (True, False)
    """

    __slots__ = ("entries", "expanded")

    def __init__(self) -> None:
        self.entries = MAX_ENTRIES
        self.expanded = MAX_EXPANDED_BYTES

    def spend_entries(self, count: int) -> bool:
        """Take ``count`` entries; ``False`` when that goes past :data:`MAX_ENTRIES`."""
        self.entries -= count
        return self.entries >= 0

    def spend_bytes(self, count: int) -> bool:
        """Take ``count`` decoded bytes; ``False`` past :data:`MAX_EXPANDED_BYTES`."""
        self.expanded -= count
        return self.expanded >= 0
