"""The company side of CVs: anonymised browsing, interest and unlocking (CV-12)."""
