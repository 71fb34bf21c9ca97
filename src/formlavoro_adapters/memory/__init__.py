"""In-memory adapters: fast, thread-safe, and held to the same contracts as the SQL ones."""

from formlavoro_adapters.memory.storage import InMemoryStorage, InMemoryUnitOfWork

__all__ = ["InMemoryStorage", "InMemoryUnitOfWork"]
