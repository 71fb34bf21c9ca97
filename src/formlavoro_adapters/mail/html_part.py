r"""The HTML part of an email, made from its plain text with the standard library.

The texts arrive rendered, in the reader's language: the HTML part only presents them.
Paragraphs (blank-line separated) become ``<p>``, lines inside one ``<br>``, a paragraph
whose lines all start with ``- `` a list, and every ``http(s)`` address a link. Every
piece of text is escaped, so text written by others (an offer's title, a company's
name) can never become markup.

>>> page = to_html("Ciao <Anna>,\n\nvedi https://example.it/a?b=1&c=2.", title="Prova")
>>> print(page[page.index("<body>") :])
<body>
<p>Ciao &lt;Anna&gt;,</p>
<p>vedi <a href="https://example.it/a?b=1&amp;c=2">https://example.it/a?b=1&amp;c=2</a>.</p>
</body>
</html>
<BLANKLINE>
"""

from __future__ import annotations

import html
import re

__all__ = ["to_html"]

_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)»"
_STYLE = (
    "body{font-family:sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;"
    "max-width:40em;margin:0 auto;padding:1em}a{color:#0b5cad}"
)


def _line(text: str) -> str:
    """One line, escaped, its web addresses made links."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        out.append(html.escape(text[position : match.start()]))
        escaped = html.escape(url, quote=True)
        out.append(f'<a href="{escaped}">{escaped}</a>')
        position = match.start() + len(url)
    out.append(html.escape(text[position:]))
    return "".join(out)


def _block(paragraph: str) -> str:
    lines = [line.rstrip() for line in paragraph.split("\n")]
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{_line(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return "<p>" + "<br>\n".join(_line(line) for line in lines) + "</p>"


def to_html(text: str, *, title: str, language: str = "it", link: str | None = None) -> str:
    """The HTML document showing ``text``; ``link`` (the page the email is about) ends it.

    Args:
        text: the plain-text body.
        title: the document's title (the email's subject).
        language: the ``lang`` of the document (the reader's language).
        link: an address to show as a last paragraph, when the text does not hold it.
    """
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    blocks = [_block(part) for part in paragraphs if part.strip()]
    if link is not None and link not in text:
        blocks.append(f"<p>{_line(link)}</p>")
    body = "\n".join(blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language, quote=True)}">\n'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
