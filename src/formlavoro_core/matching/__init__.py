"""Matching CVs and offers with explained scores (MA-1 ... MA-5, CV-9, HM-2)."""
