"""The access context: accounts, consents, login methods, resets, onboarding.

Import from the modules: ``formlavoro_core.identity.model``, ``.services``, ...
"""
