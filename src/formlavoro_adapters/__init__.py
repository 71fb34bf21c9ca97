"""Adapters for formlavoro's ports, and ``bootstrap``, the one composition root.

>>> from formlavoro_adapters import bootstrap, Settings
"""

from formlavoro_adapters.bootstrap import Settings, bootstrap
from formlavoro_adapters.clock import SettableClock, SystemClock
from formlavoro_adapters.files import InMemoryFileStore, LocalFolderFileStore
from formlavoro_adapters.ids import SecretsTokenGenerator, SequentialIdGenerator, UuidIdGenerator
from formlavoro_adapters.mail import FolderMailer, RecordingMailer, SmtpMailer
from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.passwords import ScryptPasswordHasher
from formlavoro_core._version import __version__

__all__ = [
    "FolderMailer",
    "InMemoryFileStore",
    "InMemoryStorage",
    "LocalFolderFileStore",
    "RecordingMailer",
    "ScryptPasswordHasher",
    "SecretsTokenGenerator",
    "SequentialIdGenerator",
    "SettableClock",
    "Settings",
    "SmtpMailer",
    "SystemClock",
    "UuidIdGenerator",
    "__version__",
    "bootstrap",
]
