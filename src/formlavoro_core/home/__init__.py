"""The citizen's home and dashboard (HM rules)."""
