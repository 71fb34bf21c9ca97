"""Applications to job offers and their review (AP rules)."""
