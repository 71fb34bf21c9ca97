"""Mailers, the adapters of the ``Mailer`` port.

- :class:`SmtpMailer`: a real mail server over SMTP (plain, STARTTLS or implicit TLS);
- :class:`FolderMailer`: each email as an ``.eml`` file (demos, dry runs, previews);
- :class:`RecordingMailer`: keeps the emails in a list (tests, examples).

The SMTP and folder mailers write the same messages (:func:`compose`): a plain-text and
an HTML part, encoded headers, a ``Message-ID`` that stays the same when an email is
sent again, and one-click unsubscription on alerts.
"""

from formlavoro_adapters.mail.folder import FolderMailer
from formlavoro_adapters.mail.mime import compose
from formlavoro_adapters.mail.recording import RecordingMailer
from formlavoro_adapters.mail.smtp import SmtpMailer, SmtpSettings

__all__ = ["FolderMailer", "RecordingMailer", "SmtpMailer", "SmtpSettings", "compose"]
