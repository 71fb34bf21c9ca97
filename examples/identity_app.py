"""Every login method in a small WSGI app (standard library only, no web framework).

Run ``python examples/identity_app.py --folder spid-run --idp-metadata idp.xml`` and
open http://127.0.0.1:8000/. Each scheme is mounted under its own prefix:

    /spid/metadata  /cie/metadata   the signed SP metadata
    /spid/login     /cie/login      ?idp=<entity ID>[&level=L1|L2|L3][&binding=redirect]
                                    answers with the signed AuthnRequest (an auto-
                                    submitting form, or a redirect)
    /spid/acs       /cie/acs        validates the response and logs the citizen in
    /spid/slo       /cie/slo        single logout (ID-7), HTTP-POST or HTTP-Redirect: checks
                                    the identity provider's LogoutResponse, or ends the
                                    sessions its LogoutRequest names and answers it
    /regional/login                 POST username and password (regional credentials),
                                    throttled per username and per client address
    /cns/login                      the CNS or CIE card certificate as the reverse proxy
                                    forwards it (with --cns-ca-bundle and --trusted-proxy)
    /run-id                         the value of --run-id, so that a test harness knows
                                    that the server answering is the one it started

``--port 0`` listens on a free port chosen by the system; ``--port-file`` names a file
where the port is written once the server listens.

The ACS answers 200 when the citizen is logged in and 403 with the failure code when
the response is refused (what spid-sp-test expects). The SP keys and certificates are
made in ``--folder`` when missing. The citizen's acceptance of the notices (ID-1) is
taken on the chooser page, kept under the RelayState, and given to the login.

This script configures the service providers and the card login from its options and
serves the app; the app itself, request by request, is in ``examples/identity_wsgi.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
from collections.abc import Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

if __name__ == "__main__" and not __package__:
    # Run as ``python examples/identity_app.py``: ``examples`` is in the project's root.
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from examples.identity_wsgi import Environ, IdentityApp, StartResponse
from formlavoro_adapters import Settings, SystemClock, bootstrap
from formlavoro_adapters.identity.certificates import (
    CIE_POLICY,
    CNS_POLICY,
    ClientCertificateLogin,
)
from formlavoro_adapters.identity.crl import FileCrlSource
from formlavoro_adapters.identity.saml import (
    Comparison,
    Contact,
    ExpiredCertificatePolicy,
    IdentityProviderRegistry,
    InMemorySamlRequestStore,
    Organization,
    SamlProfile,
    SamlServiceProvider,
    ServiceProviderSettings,
    make_sp_certificate,
)

__all__ = ["IdentityApp", "main", "make_provider"]

IPA_CODE = "c_d969"


def _keys(
    folder: pathlib.Path, profile: SamlProfile, entity_id: str
) -> tuple[pathlib.Path, pathlib.Path]:
    key_file = folder / f"{profile.value}-sp-key.pem"
    cert_file = folder / f"{profile.value}-sp-cert.pem"
    if not key_file.exists() or not cert_file.exists():
        pair = make_sp_certificate(
            entity_id=entity_id,
            ipa_code=IPA_CODE,
            organization="Comune di Esempio",
            locality="Genova",
            now=dt.datetime.now(dt.UTC),
        )
        key_file.write_bytes(pair.key_pem)
        key_file.chmod(0o600)
        cert_file.write_bytes(pair.certificate_pem)
    return key_file, cert_file


def make_provider(
    profile: SamlProfile,
    *,
    base_url: str,
    folder: pathlib.Path,
    registry: IdentityProviderRegistry,
    allow_expired_idp_certificates: bool,
) -> SamlServiceProvider:
    """A SPID or CIE service provider mounted under ``<base_url>/<profile>/``."""
    prefix = f"{base_url}/{profile.value}"
    entity_id = f"{prefix}/metadata"
    key_file, cert_file = _keys(folder, profile, entity_id)
    settings = ServiceProviderSettings(
        profile=profile,
        entity_id=entity_id,
        acs_url=f"{prefix}/acs",
        slo_url=f"{prefix}/slo",
        key_file=key_file,
        certificate_file=cert_file,
        organization=Organization(
            name="Comune di Esempio", display_name="Comune di Esempio", url=f"{base_url}/"
        ),
        contact=Contact(
            ipa_code=IPA_CODE,
            email="servizi.digitali@example.it",
            telephone="+390101234567",
            municipality="010025",
            province="GE",
        ),
        service_name="Portale lavoro e formazione",
        comparison=Comparison.MINIMUM,
        expired_idp_certificates=(
            ExpiredCertificatePolicy.ACCEPT
            if allow_expired_idp_certificates
            else ExpiredCertificatePolicy.REFUSE
        ),
    )
    return SamlServiceProvider(settings, registry, InMemorySamlRequestStore())


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Log one line per request to stderr."""
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _starting(_environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """Answers while the app is being built (the socket listens from the start)."""
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting\n"]


def _write_port(path: pathlib.Path, port: int) -> None:
    """Write the port all at once: a reader never sees half a number."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(f"{port}\n", encoding="ascii")
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Serve the app until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--port-file", type=pathlib.Path, help="where to write the port")
    parser.add_argument("--run-id", help="a value served at /run-id (for test harnesses)")
    parser.add_argument("--base-url", help="public URL of the app (default http://host:port)")
    parser.add_argument("--folder", type=pathlib.Path, default=pathlib.Path("spid-run"))
    parser.add_argument(
        "--idp-metadata", type=pathlib.Path, action="append", default=[], required=True
    )
    parser.add_argument(
        "--allow-expired-idp-certificates",
        action="store_true",
        help="trust identity providers whose metadata certificates expired (test IdPs)",
    )
    parser.add_argument(
        "--cns-ca-bundle",
        type=pathlib.Path,
        help="PEM file of the CNS/CIE card CAs: mounts /cns/login",
    )
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        help="address or network of the reverse proxy that forwards card certificates",
    )
    parser.add_argument(
        "--crl", type=pathlib.Path, action="append", default=[], help="a CRL file (PEM or DER)"
    )
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    with make_server(args.host, args.port, _starting, handler_class=_QuietHandler) as server:
        port = server.server_port
        base_url = (args.base_url or f"http://{args.host}:{port}").rstrip("/")
        server.set_app(_build_app(args, base_url))
        if args.port_file is not None:
            _write_port(args.port_file, port)
        print(f"serving on {base_url}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            return 0
    return 0


def _build_app(args: argparse.Namespace, base_url: str) -> IdentityApp:
    registry = IdentityProviderRegistry.from_files(args.idp_metadata)
    providers = {
        profile.value: make_provider(
            profile,
            base_url=base_url,
            folder=args.folder,
            registry=registry,
            allow_expired_idp_certificates=args.allow_expired_idp_certificates,
        )
        for profile in SamlProfile
    }
    portal = bootstrap(Settings(storage="memory"))
    certificates = None
    if args.cns_ca_bundle is not None:
        certificates = ClientCertificateLogin(
            ca_bundle=args.cns_ca_bundle,
            trusted_proxies=args.trusted_proxy or ["127.0.0.1"],
            crl_source=FileCrlSource.from_files(args.crl),
            clock=SystemClock(),
            policies=(CNS_POLICY, CIE_POLICY),
        )
    return IdentityApp(portal, providers, certificates, run_id=args.run_id)


if __name__ == "__main__":
    sys.exit(main())
