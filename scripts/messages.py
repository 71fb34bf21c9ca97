"""Extract the library's texts, update the catalogues and compile them (``make messages``).

Reads every ``_``, ``_n``, ``_p`` and ``_np`` call with literal arguments under ``src/``,
brings each language's ``.po`` in line with them (new entries untranslated, removed ones
dropped, no fuzzy guesses), fills the English catalogue with the source texts and
compiles every ``.po`` to its ``.mo``. ``--check`` changes nothing and fails when the
catalogues are not up to date with the sources.

Babel is a development tool only: the library reads the compiled ``.mo`` files with the
standard library's ``gettext``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import pathlib
import sys

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "src" / "formlavoro_core", ROOT / "src" / "formlavoro_adapters")
LOCALES = ROOT / "src" / "formlavoro_adapters" / "texts" / "locales"
DOMAIN = "formlavoro"
LANGUAGES = ("it", "en", "fr", "de")
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
KEYWORDS = {"_": None, "_n": (1, 2), "_p": ((1, "c"), 2), "_np": ((1, "c"), 2, 3)}


def extract() -> Catalog:
    """Every marked text of the sources, as a template catalogue."""
    template = Catalog(project="formlavoro", fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
        ):
            path = (source / filename).relative_to(ROOT).as_posix()
            template.add(
                message, locations=[(path, lineno)], auto_comments=comments, context=context
            )
    return template


def updated(language: str, template: Catalog) -> Catalog:
    """The catalogue of ``language`` brought in line with ``template``."""
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
    else:
        catalogue = Catalog(
            locale=language,
            project="formlavoro",
            version="1",
            copyright_holder="formlavoro contributors",
            msgid_bugs_address="https://github.com/formlavoro/formlavoro/issues",
            last_translator="formlavoro contributors",
            language_team=f"formlavoro {language}",
            header_comment=f"# The texts of formlavoro in {language}: edit the msgstr lines.\n",
            fuzzy=False,
        )
    catalogue.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()
    if language == "en":
        for message in catalogue:
            if message.id:
                message.string = message.id
    catalogue.fuzzy = False
    return catalogue


def translated(message: Message) -> bool:
    """Whether every form of ``message`` has a translation."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def po_bytes(catalogue: Catalog) -> bytes:
    """The ``.po`` text of ``catalogue``, without dates or line numbers that churn."""
    catalogue.creation_date = catalogue.revision_date = _EPOCH
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    """The compiled ``.mo`` of ``catalogue``."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Update and compile every catalogue, or with ``--check`` report what is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if anything would change")
    args = parser.parse_args(argv)
    template = extract()
    stale = []
    for language in LANGUAGES:
        folder = LOCALES / language / "LC_MESSAGES"
        catalogue = updated(language, template)
        for path, content in (
            (folder / f"{DOMAIN}.po", po_bytes(catalogue)),
            (folder / f"{DOMAIN}.mo", mo_bytes(catalogue)),
        ):
            if path.exists() and path.read_bytes() == content:
                continue
            stale.append(path)
            if not args.check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        missing = sum(1 for message in catalogue if message.id and not translated(message))
        sys.stdout.write(f"{language}: {len(catalogue)} entries, {missing} untranslated\n")
    if args.check and stale:
        names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
        sys.stdout.write(f"stale: {names}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
