"""Companies, employment centres and training entities: who publishes on the portal."""
