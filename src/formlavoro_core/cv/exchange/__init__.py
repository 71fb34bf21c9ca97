"""Exchange formats of the CV (INT-1): JSON Resume and Europass."""
