"""Login adapters: regional passwords, SPID and CIE over SAML, CNS client certificates.

Each adapter takes and returns plain data (form and query fields, headers, XML and PEM
text, URLs), so any web framework can mount it; none imports one. What they produce is
the core's :class:`~formlavoro_core.identity.assertion.IdentityAssertion`, which
``portal.identity.login`` turns into a session.
"""
