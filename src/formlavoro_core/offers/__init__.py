"""Job offers, their search filters and saved searches (OF rules)."""
