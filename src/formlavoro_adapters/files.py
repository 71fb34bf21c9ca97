"""File stores for attachment bytes: in memory, or in a local folder."""

from __future__ import annotations

import os
import pathlib
import re
import tempfile
import threading

from formlavoro_core.errors import ConfigurationError, StorageError

__all__ = ["InMemoryFileStore", "LocalFolderFileStore"]

_KEY = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key) or any(part in {".", ".."} for part in key.split("/")):
        raise StorageError(f"not a valid file key: {key!r}")
    return key


class InMemoryFileStore:
    """Bytes in a dict; thread-safe."""

    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, key: str, content: bytes) -> None:
        """Store ``content`` under ``key``.

        As in a folder, a key cannot also be the folder of another key: ``a`` and
        ``a/b`` cannot both hold bytes.
        """
        key = _checked(key)
        with self._lock:
            parents = {key.rsplit("/", depth)[0] for depth in range(1, key.count("/") + 1)}
            clash = parents & self._files.keys() or any(
                k.startswith(f"{key}/") for k in self._files
            )
            if clash:
                raise StorageError(f"key {key!r} clashes with a key in the same folder path")
            self._files[key] = bytes(content)

    def get(self, key: str) -> bytes | None:
        """Return the bytes under ``key``, or ``None``."""
        with self._lock:
            return self._files.get(_checked(key))

    def delete(self, key: str) -> None:
        """Forget ``key`` (no error if absent)."""
        with self._lock:
            self._files.pop(_checked(key), None)

    def keys(self) -> frozenset[str]:
        """Every key currently stored."""
        with self._lock:
            return frozenset(self._files)


class LocalFolderFileStore:
    """Files under a folder; each write lands whole (temporary file, fsync, rename)."""

    def __init__(self, root: pathlib.Path | str) -> None:
        self._root = pathlib.Path(root)
        if self._root.exists() and not self._root.is_dir():
            raise ConfigurationError(f"files: {self._root} is not a folder")

    def _path(self, key: str) -> pathlib.Path:
        return self._root.joinpath(*_checked(key).split("/"))

    def put(self, key: str, content: bytes) -> None:
        """Write ``content`` to the key's file durably."""
        path = self._path(key)
        tmp: pathlib.Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            tmp = pathlib.Path(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(path)
            tmp = None
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc}") from exc
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)

    def get(self, key: str) -> bytes | None:
        """Read the key's file, or ``None`` when there is none."""
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise StorageError(f"cannot read key {key!r}: {exc}") from exc

    def delete(self, key: str) -> None:
        """Remove the key's file (no error if absent)."""
        try:
            self._path(key).unlink(missing_ok=True)
        except NotADirectoryError:
            return
        except OSError as exc:
            raise StorageError(f"cannot delete key {key!r}: {exc}") from exc
