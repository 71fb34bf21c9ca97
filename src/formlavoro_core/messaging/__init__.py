"""Messages to citizens: the email outbox and its texts."""
