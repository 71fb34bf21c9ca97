"""Validation of SAML responses: signatures, and assertions moved around them.

Only an assertion the identity provider's key signed is read: a tampered one, one
signed by another key, an unsigned one, and the signature-wrapping attacks that hide
the signed assertion next to, inside or out of an unsigned one are all refused.
"""

from __future__ import annotations

import datetime as dt
import re

from formlavoro_adapters.identity.saml import InvalidSignature, SamlServiceProvider
from tests.adapters.identity.saml.conftest import NOW
from tests.adapters.identity.saml.idp import FakeIdentityProvider, make_idp_certificate
from tests.adapters.identity.saml.support import refusal, spec_for


def test_a_tampered_signed_assertion_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_response = False
    xml = idp.response(spec).replace("RSSNNA85T50A562J", "BNCGNN80A01H501T")
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_a_response_signed_by_another_key_is_refused_even_with_its_certificate_inside(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, xmlsec: str
) -> None:
    evil = FakeIdentityProvider(
        make_idp_certificate(NOW - dt.timedelta(days=1), valid_for=dt.timedelta(days=30)),
        idp.key_file.parent.parent / "evil",
        xmlsec,
    )
    assert isinstance(refusal(provider, evil.response(spec_for(provider))), InvalidSignature)


def test_an_unsigned_assertion_in_a_signed_response_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_assertion = False
    assert isinstance(refusal(provider, idp.response(spec)), InvalidSignature)


def _evil_assertion(xml: str) -> str:
    start = xml.index("<saml:Assertion")
    end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
    signed = xml[start:end]
    evil = re.sub(r'ID="[^"]+"', 'ID="_evil"', signed, count=1)
    evil = re.sub(r"<ds:Signature.*</ds:Signature>", "", evil, flags=re.DOTALL)
    return evil.replace("RSSNNA85T50A562J", "BNCGNN80A01H501T")


def test_an_unsigned_assertion_next_to_the_signed_one_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        evil = _evil_assertion(xml)
        return xml.replace("<saml:Assertion", evil + "<saml:Assertion", 1)

    xml = idp.response(spec_for(provider), wrap=wrap)
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_an_unsigned_assertion_wrapped_around_the_signed_one_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        start = xml.index("<saml:Assertion")
        end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
        signed = xml[start:end]
        evil = _evil_assertion(xml)
        # The signed assertion hides in the evil one's Advice, where no one reads it.
        wrapped = evil.replace(
            "<saml:Subject>", f"<saml:Advice>{signed}</saml:Advice><saml:Subject>", 1
        )
        return xml[:start] + wrapped + xml[end:]

    spec = spec_for(provider)
    xml = idp.response(spec, wrap=wrap)
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_an_assertion_moved_out_of_the_signed_response_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        # The evil assertion replaces the signed one, which moves into an Extensions.
        start = xml.index("<saml:Assertion")
        end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
        signed = xml[start:end]
        evil = _evil_assertion(xml)
        moved = xml[:start] + evil + xml[end:]
        return moved.replace(
            "<samlp:Status>", f"<samlp:Extensions>{signed}</samlp:Extensions><samlp:Status>", 1
        )

    assert isinstance(
        refusal(provider, idp.response(spec_for(provider), wrap=wrap)), InvalidSignature
    )
