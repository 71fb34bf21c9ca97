"""The citizen journey in Django: the same Italian pages and JSON API as the FastAPI app.

A single-module Django project (settings, URLs and views in this file). Run the demo
(the regional account ``anna.rossi`` / ``Pesto-alla-genovese-2026``)::

    python -m examples.web.django_app runserver 127.0.0.1:8000 --noreload
    # or, on a free port written to a file (what the tests do), with wsgiref:
    python -m examples.web.django_app --port 0 --port-file port.txt

and open http://127.0.0.1:8000/. ``--idp-metadata idp.xml`` mounts SPID and CIE.

Every view returns a Django response or raises :class:`~examples.web.glue.Refused`;
:func:`answering` turns a refusal into problem details (``/api``) or an Italian page.
The session is the signed cookie ``sessione`` (SameSite=Lax, HttpOnly), as in the
FastAPI app; the pages' forms post only to this site, which the SameSite cookie holds
to (a portal adds Django's CSRF middleware and tokens in its own templates).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django
from django.conf import settings
from django.urls import path

from examples.web.demo import Site, demo_site
from examples.web.glue import (
    MAX_UPLOAD,
)

__all__ = ["application", "configure", "main", "urlpatterns"]

from examples.web import django_api as api
from examples.web import django_pages as pages_
from examples.web.django_glue import answering, use_site

__all__ = ["application", "configure", "main", "urlpatterns"]


def configure(site: Site, *, secret_key: str | None = None) -> None:
    """Serve ``site``: set up Django's settings (once) and the portal the views use."""
    use_site(site)
    if not settings.configured:
        settings.configure(
            DEBUG=False,
            ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
            ROOT_URLCONF=__name__,
            SECRET_KEY=secret_key or os.urandom(32).hex(),
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            DATABASES={},
            USE_TZ=True,
            DATA_UPLOAD_MAX_MEMORY_SIZE=MAX_UPLOAD * 2,
            FILE_UPLOAD_MAX_MEMORY_SIZE=MAX_UPLOAD * 2,
        )
        django.setup()


urlpatterns = [
    path("", pages_.home),
    path("accesso", answering(pages_.notices)),
    path("accesso/metodi", pages_.methods),
    path("accesso/regionale", pages_.regional),
    path("<str:scheme>/metadata", pages_.saml_metadata),
    path("<str:scheme>/login", pages_.saml_login),
    path("<str:scheme>/acs", pages_.saml_acs),
    path("benvenuto", pages_.welcome),
    path("benvenuto/<str:step>", pages_.answer),
    path("cv", pages_.cv),
    path("cv/dati-personali", pages_.personal),
    path("cv/studio", pages_.study),
    path("cv/lingue", pages_.language),
    path("cv/allegati", pages_.attach),
    path("cv/pubblica", pages_.publish),
    path("offerte", pages_.offers),
    path("offerte/<str:offer_id>", pages_.offer),
    path("offerte/<str:offer_id>/candidatura", pages_.apply),
    path("candidature", pages_.applications),
    path("messaggi", pages_.inbox),
    path("messaggi/<str:message_id>", pages_.message),
    path("esci", pages_.logout),
    path("api/notices", api.api_notices),
    path("api/consent", api.api_consent),
    path("api/login/regional", api.api_login),
    path("api/onboarding", api.api_onboarding),
    path("api/cv", api.api_cv),
    path("api/offers", api.api_offers),
    path("api/offers/<str:offer_id>/applications", api.api_apply),
    path("api/applications", api.api_applications),
    path("api/messages", api.api_messages),
]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
    """The WSGI application (after :func:`configure`)."""
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415 - after the settings

    return get_wsgi_application()(environ, start_response)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet: one line per request on stderr."""
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _demo(base_url: str, idp_metadata: pathlib.Path | None) -> Site:
    metadata = [idp_metadata.read_text(encoding="utf-8")] if idp_metadata else []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="formlavoro-sp-")) if metadata else None
    return demo_site(
        base_url=base_url,
        idp_metadata=metadata,
        folder=folder,
        secret_key=os.environ.get("FORMLAVORO_SECRET_KEY"),
    )


def main(argv: list[str] | None = None) -> int:
    """``runserver`` and Django's other commands, or a wsgiref server (``--port 0``)."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and not arguments[0].startswith("-"):
        from django.core.management import execute_from_command_line  # noqa: PLC0415

        address = next((a for a in arguments[1:] if not a.startswith("-")), "127.0.0.1:8000")
        configure(_demo(f"http://{address}", None))
        execute_from_command_line([sys.argv[0], *arguments])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--port-file", type=pathlib.Path, help="where to write the port")
    parser.add_argument("--idp-metadata", type=pathlib.Path, help="SAML metadata of an IdP")
    args = parser.parse_args(arguments)
    with make_server(args.host, args.port, application, handler_class=_QuietHandler) as server:
        port = server.server_port
        configure(_demo(f"http://{args.host}:{port}", args.idp_metadata))
        if args.port_file is not None:
            partial = args.port_file.with_name(args.port_file.name + ".partial")
            partial.write_text(f"{port}\n", encoding="ascii")
            partial.replace(args.port_file)
        print(f"serving on http://{args.host}:{port}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
