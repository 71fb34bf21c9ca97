r"""What the name of a file inside an archive says about it (SEC-7).

A desktop runs a file by its extension, so the name alone can make an archive
hostile, whatever the bytes: a program or script (``.exe``, ``.js``, ``.lnk``, ...),
an Office file whose kind carries macros (``.docm``, ``.xlsm``, ...), an archive of a
kind that cannot be looked into (``.rar``, ``.iso``, ...), or a path leading out of
the folder it is unpacked into (``../``, ``/etc``, ``C:``), the "zip slip".

Extensions compare case-insensitively, after the dots and spaces that Windows drops
from the end of a name (``cv.exe.`` runs as ``cv.exe``).

>>> name_hazard("docs/cv.pdf") is None
True
>>> name_hazard("docs/CV.PDF.EXE").value, name_hazard("../cv.pdf").value
('executable', 'unsafe_path')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from formlavoro_core.cv.content.hazards import Hazard

__all__ = [
    "EXECUTABLE_EXTENSIONS",
    "MACRO_EXTENSIONS",
    "UNCHECKABLE_ARCHIVE_EXTENSIONS",
    "name_hazard",
]

EXECUTABLE_EXTENSIONS: Final = frozenset(
    {
        # Windows programs, libraries, installers and shell objects
        *("exe", "com", "scr", "pif", "cpl", "dll", "ocx", "sys", "drv", "efi", "msi"),
        *("msp", "mst", "msc", "msix", "msixbundle", "appx", "appxbundle", "appref-ms"),
        *("application", "gadget", "lnk", "url", "scf", "inf", "reg", "chm", "hlp"),
        *("settingcontent-ms", "library-ms", "search-ms", "xll", "wll", "iqy", "slk"),
        # Windows scripts
        *("bat", "cmd", "vb", "vbs", "vbe", "js", "jse", "ws", "wsf", "wsh", "wsc"),
        *("ps1", "ps1xml", "ps2", "ps2xml", "psc1", "psc2", "psd1", "psm1", "hta", "sct"),
        # other systems' programs, packages and scripts
        *("jar", "jnlp", "class", "apk", "ipa", "deb", "rpm", "dmg", "pkg", "mpkg"),
        *("app", "command", "tool", "workflow", "elf", "run", "so", "dylib", "sh"),
        *("bash", "csh", "ksh", "zsh", "fish", "py", "pyw", "pyc"),
        *("pl", "rb", "applescript", "scpt", "action", "desktop"),
    }
)
"""Extensions of programs and scripts: a desktop runs them when they are opened."""

MACRO_EXTENSIONS: Final = frozenset(
    {
        *("docm", "dotm", "xlsm", "xltm", "xlam", "xla", "pptm", "potm", "ppam", "ppsm"),
        *("sldm", "ppa", "xlm", "mdb", "mde", "accdb", "accde", "ade", "adp"),
    }
)
"""Extensions of Office files whose kind is to carry macros."""

UNCHECKABLE_ARCHIVE_EXTENSIONS: Final = frozenset(
    {
        *("rar", "gz", "tgz", "bz2", "tbz", "tbz2", "xz", "txz", "zst", "lz", "lzma"),
        *("z", "tar", "cab", "arj", "lzh", "lha", "ace", "cpio", "wim", "xar", "sit"),
        *("iso", "img", "vhd", "vhdx", "vmdk", "udf"),
    }
)
"""Extensions of archives and disk images that cannot be looked into here."""

# Office parts that hold VBA projects or ActiveX controls, wherever they sit.
_MACRO_PARTS: Final = re.compile(
    r"(?:^|/)(?:vbaproject\.bin|vbaprojectsignature\.bin|vbadata\.xml|activex\d*\.bin)$"
)
_DRIVE: Final = re.compile(r"^[a-z]:", re.IGNORECASE)


def name_hazard(name: str) -> Hazard | None:
    """Judge a file name found in an archive: path first, then extension."""
    path = name.replace("\\", "/")
    if _leads_outside(path):
        return Hazard.UNSAFE_PATH
    leaf = path.rstrip("/").rpartition("/")[2].rstrip(". ").casefold()
    if path.endswith("/"):
        return None  # a folder: only its path matters
    extension = leaf.rpartition(".")[2] if "." in leaf else ""
    if extension in EXECUTABLE_EXTENSIONS:
        return Hazard.EXECUTABLE
    if extension in MACRO_EXTENSIONS or _MACRO_PARTS.search(path.casefold()):
        return Hazard.MACRO
    if extension in UNCHECKABLE_ARCHIVE_EXTENSIONS:
        return Hazard.NESTED_ARCHIVE
    return None


def _leads_outside(path: str) -> bool:
    return (
        not path
        or path.startswith("/")
        or bool(_DRIVE.match(path))
        or ":" in path  # a drive, or an NTFS alternate data stream
        or any(part.strip(". ") == "" and ".." in part for part in path.split("/"))
        or any(unicodedata.category(char) in {"Cc", "Cs"} for char in path)
    )
