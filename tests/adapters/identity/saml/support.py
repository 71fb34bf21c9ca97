"""Helpers of the SAML response tests: a pending request, a response spec, a refusal."""

from __future__ import annotations

import datetime as dt

from returns.result import Failure

from formlavoro_adapters.identity.saml import PendingRequest, SamlFailure, SamlServiceProvider
from formlavoro_core.identity.assertion import AssuranceLevel
from tests.adapters.identity.saml.conftest import NOW, SP_ENTITY_ID
from tests.adapters.identity.saml.idp import IDP_ENTITY_ID, ResponseSpec, encode


def pending(provider: SamlServiceProvider, level: AssuranceLevel | None = None) -> PendingRequest:
    request = provider.login(IDP_ENTITY_ID, relay_state="/home", level=level).unwrap()
    level = level or provider.settings.level
    return PendingRequest(
        id=request.request_id,
        idp_entity_id=IDP_ENTITY_ID,
        level=level,
        acs_url=provider.settings.acs_url,
        relay_state="/home",
        issued_at=NOW,
        expires_at=NOW + dt.timedelta(minutes=15),
    )


def spec_for(provider: SamlServiceProvider, level: AssuranceLevel | None = None) -> ResponseSpec:
    return ResponseSpec.answering(pending(provider, level), audience=SP_ENTITY_ID, at=NOW)


def refusal(provider: SamlServiceProvider, xml: str) -> SamlFailure:
    result = provider.validate_response(encode(xml))
    assert isinstance(result, Failure), result
    failure = result.failure()
    assert isinstance(failure, SamlFailure)
    assert failure.code.startswith("identity.saml.")
    return failure
