"""Data rights (SEC-3, SEC-4): the audit log, a citizen's export, erasure."""
