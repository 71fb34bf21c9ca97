"""Recruitment-day events, memberships and tickets (EV rules)."""
