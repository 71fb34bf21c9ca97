"""The citizen journey in FastAPI: Italian pages and a JSON API over one portal.

Run the demo (a portal in memory with three offers and the regional account
``anna.rossi`` / ``Pesto-alla-genovese-2026``)::

    python -m examples.web.fastapi_app --port 8000
    # or: uvicorn --factory examples.web.fastapi_app:demo_app

and open http://127.0.0.1:8000/. With ``--idp-metadata idp.xml`` (SAML metadata of an
identity provider, the SPID test IdP for instance) the login page offers SPID and CIE.

The glue is the library's :mod:`formlavoro_adapters.web`: every use case's ``Result``
goes through :func:`value`, which raises :class:`Refused` with the failure; one
exception handler answers it as problem details (``/api``) or as an Italian page. The
signed cookie ``sessione`` (SameSite=Lax, HttpOnly) holds the consent receipt, then
the session; API clients send the same token as ``Authorization: Bearer``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import socket
import sys
import tempfile

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from examples.web import pages
from examples.web.demo import Site, demo_site
from examples.web.glue import (
    LOGIN_AGAIN,
    Refused,
)
from formlavoro_adapters.web import (
    problem_details,
)
from formlavoro_adapters.web.texts import negotiate

__all__ = ["create_app", "demo_app", "main"]


from examples.web.fastapi_api import add_api
from examples.web.fastapi_glue import Web
from examples.web.fastapi_pages import add_pages

__all__ = ["create_app", "demo_app", "main"]


def create_app(site: Site) -> FastAPI:
    """The app over ``site``'s portal."""
    web = Web(site)
    app = FastAPI(
        title="Portale lavoro e formazione", docs_url="/api/docs", openapi_url="/api/openapi.json"
    )

    @app.exception_handler(Refused)
    async def answer_refusal(request: Request, exc: Refused) -> Response:
        language = negotiate(request.headers.get("accept-language"))
        problem = problem_details(
            exc.error, now=web.clock.now(), language=language, instance=request.url.path
        )
        headers = dict(problem.headers)
        if request.url.path.startswith("/api/"):
            return Response(problem.json(), status_code=problem.status, headers=headers)
        if exc.error.code in LOGIN_AGAIN:
            return web.to("/accesso")
        headers.pop("Content-Type")
        if exc.page is not None:
            content = exc.page(problem.body)
        else:
            content = pages.error_page(problem.body, signed_in=web.signed_in(request) is not None)
        return HTMLResponse(content, status_code=problem.status, headers=headers)

    add_pages(app, web)
    add_api(app, web)
    return app


def demo_app() -> FastAPI:
    """The demo (for ``uvicorn --factory``): ``FORMLAVORO_DEMO_BASE_URL`` and
    ``FORMLAVORO_DEMO_IDP_METADATA`` (a metadata file) configure it."""
    base_url = os.environ.get("FORMLAVORO_DEMO_BASE_URL", "http://127.0.0.1:8000")
    metadata_file = os.environ.get("FORMLAVORO_DEMO_IDP_METADATA")
    metadata = [pathlib.Path(metadata_file).read_text(encoding="utf-8")] if metadata_file else []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="formlavoro-sp-")) if metadata else None
    site = demo_site(
        base_url=base_url,
        idp_metadata=metadata,
        folder=folder,
        secret_key=os.environ.get("FORMLAVORO_SECRET_KEY"),
    )
    return create_app(site)


def main(argv: list[str] | None = None) -> int:
    """Serve the demo with Uvicorn until interrupted.

    ``--port 0`` takes a free port; ``--port-file`` names a file where the port is
    written once the socket listens (for test harnesses).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--port-file", type=pathlib.Path, help="where to write the port")
    parser.add_argument("--idp-metadata", type=pathlib.Path, help="SAML metadata of an IdP")
    args = parser.parse_args(argv)
    listening = socket.create_server((args.host, args.port))
    port = listening.getsockname()[1]
    os.environ["FORMLAVORO_DEMO_BASE_URL"] = f"http://{args.host}:{port}"
    if args.idp_metadata is not None:
        os.environ["FORMLAVORO_DEMO_IDP_METADATA"] = str(args.idp_metadata)
    server = uvicorn.Server(uvicorn.Config(demo_app(), log_level="warning"))
    if args.port_file is not None:
        partial = args.port_file.with_name(args.port_file.name + ".partial")
        partial.write_text(f"{port}\n", encoding="ascii")
        partial.replace(args.port_file)
    print(f"serving on http://{args.host}:{port}/", flush=True)
    server.run(sockets=[listening])
    return 0


if __name__ == "__main__":
    sys.exit(main())
