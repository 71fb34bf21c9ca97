"""Training courses and their filters (CO rules)."""
