"""The building blocks of the reference apps' pages: the layout and labelled fields.

Every page has ``lang="it"``, a skip link to the content, one ``h1``, a labelled
navigation, labels on every field (fieldsets with legends for groups of choices) and
colours that meet WCAG 2.1 AA contrast. Every value shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "choices",
    "done_box",
    "esc",
    "field",
    "form",
    "hidden",
    "layout",
    "problems_box",
    "select",
]

CSS = """
body{font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0;line-height:1.5}
a{color:#0a4a8f}
:focus{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header{background:#0a4a8f;color:#fff;padding:.5rem 1rem}header a{color:#fff}
header button{border:1px solid #fff}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:.25rem 0}
main{max-width:48rem;padding:1rem}footer{padding:1rem;color:#4a4a4a;border-top:1px solid #ccc}
label{display:block;font-weight:600}input,select,textarea{font:inherit;margin-bottom:.75rem}
fieldset{margin:0 0 1rem;border:1px solid #767676}
button{font:inherit;background:#0a4a8f;color:#fff;border:0;padding:.5rem 1rem;cursor:pointer}
.errore{border:2px solid #a4000f;color:#a4000f;padding:.5rem 1rem;margin-bottom:1rem}
.avviso{border:2px solid #1e6b2e;color:#1e6b2e;padding:.5rem 1rem;margin-bottom:1rem}
.inline{display:inline}.inline label{display:inline;font-weight:400}
"""


def esc(value: object) -> str:
    """``value`` as HTML text."""
    return html.escape("" if value is None else str(value))


def layout(title: str, body: str, *, signed_in: bool = False, notice: str = "") -> str:
    """The whole page around ``body``."""
    links = [("/", "Home"), ("/offerte", "Offerte di lavoro")]
    if signed_in:
        links[1:1] = [("/cv", "Il mio CV")]
        links += [("/candidature", "Candidature"), ("/messaggi", "Messaggi")]
    menu = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in links)
    logout = (
        '<form method="post" action="/esci" class="inline"><button>Esci</button></form>'
        if signed_in
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · Portale lavoro e formazione</title><style>{CSS}</style></head>"
        '<body><a class="skip" href="#contenuto">Vai al contenuto</a>'
        '<header><p><a href="/">Portale lavoro e formazione</a></p>'
        f'<nav aria-label="Menu principale"><ul>{menu}</ul></nav>{logout}</header>'
        f'<main id="contenuto" tabindex="-1"><h1>{esc(title)}</h1>{notice}{body}</main>'
        "<footer><p>Applicazione di esempio della libreria formlavoro.</p></footer>"
        "</body></html>"
    )


def problems_box(error: dict[str, Any] | None) -> str:
    """The problem details of a refused form, as an alert with each problem."""
    if not error:
        return ""
    items = "".join(
        f"<li>{esc(problem['path'])}: {esc(problem['message'])}</li>"
        for problem in error.get("data", {}).get("problems", [])
    )
    listed = f"<ul>{items}</ul>" if items else ""
    return (
        f'<div class="errore" role="alert"><p><strong>{esc(error["title"])}</strong>: '
        f"{esc(error['detail'])}</p>{listed}</div>"
    )


def done_box(text: str | None) -> str:
    """A confirmation after a change."""
    return f'<div class="avviso" role="status"><p>{esc(text)}</p></div>' if text else ""


def field(name: str, label: str, *, value: object = "", kind: str = "text", **attrs: str) -> str:
    """A labelled input."""
    extra = "".join(f' {key.replace("_", "-")}="{esc(val)}"' for key, val in attrs.items())
    return (
        f'<p><label for="f-{name}">{esc(label)}</label>'
        f'<input id="f-{name}" name="{name}" type="{kind}" value="{esc(value)}"{extra}></p>'
    )


def select(name: str, label: str, options: Iterable[tuple[str, str]], chosen: str = "") -> str:
    """A labelled drop-down list."""
    items = "".join(
        f'<option value="{esc(value)}"{" selected" if value == chosen else ""}>{esc(text)}</option>'
        for value, text in options
    )
    return (
        f'<p><label for="f-{name}">{esc(label)}</label>'
        f'<select id="f-{name}" name="{name}">{items}</select></p>'
    )


def choices(
    name: str,
    legend: str,
    options: Iterable[tuple[str, str]],
    *,
    kind: str = "checkbox",
    chosen: Sequence[str] = (),
) -> str:
    """A group of check boxes or radio buttons in a fieldset."""
    items = "".join(
        f'<p class="inline"><input type="{kind}" id="f-{name}-{i}" name="{name}" '
        f'value="{esc(value)}"{" checked" if value in chosen else ""}> '
        f'<label for="f-{name}-{i}">{esc(text)}</label></p><br>'
        for i, (value, text) in enumerate(options)
    )
    return f"<fieldset><legend>{esc(legend)}</legend>{items}</fieldset>"


def form(action: str, content: str, button: str, *, upload: bool = False) -> str:
    """A POST form."""
    encoding = ' enctype="multipart/form-data"' if upload else ""
    return (
        f'<form method="post" action="{action}"{encoding}>{content}'
        f"<button>{esc(button)}</button></form>"
    )


def hidden(name: str, value: object) -> str:
    """A hidden field."""
    return f'<input type="hidden" name="{name}" value="{esc(value)}">'
