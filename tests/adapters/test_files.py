"""File stores: one contract for the in-memory fake and the local folder store."""

from __future__ import annotations

import pathlib

import pytest

from formlavoro_adapters import InMemoryFileStore, LocalFolderFileStore
from formlavoro_core.errors import StorageError
from formlavoro_core.ports import FileStore

EVERY_BYTE = bytes(range(256)) * 4

BAD_KEYS = [
    "",
    "..",
    "../secret",
    "attachments/../../etc/passwd",
    "/attachments/a1",
    "/etc/passwd",
    "attachments\\a1",
    "..\\a1",
    "attachments//a1",
    "attachments/",
    "attachments/./a1",
    "attachments/a 1",
    "attachments/a1\n",
]


class FileStoreContract:
    """What every ``FileStore`` adapter does; subclasses say how to make one."""

    def make_store(self, folder: pathlib.Path) -> FileStore:
        """A new, empty store; ``folder`` is an empty folder it may use."""
        raise NotImplementedError

    @pytest.fixture
    def store(self, tmp_path: pathlib.Path) -> FileStore:
        return self.make_store(tmp_path)

    def test_what_is_put_can_be_got_back(self, store: FileStore) -> None:
        store.put("attachments/a1", b"%PDF-1.4")
        assert store.get("attachments/a1") == b"%PDF-1.4"

    def test_a_missing_key_gets_none(self, store: FileStore) -> None:
        assert store.get("attachments/never-put") is None

    def test_keys_are_independent(self, store: FileStore) -> None:
        store.put("attachments/a1", b"one")
        store.put("attachments/a2", b"two")
        store.put("other/a1", b"three")
        assert [store.get(key) for key in ("attachments/a1", "attachments/a2", "other/a1")] == [
            b"one",
            b"two",
            b"three",
        ]

    def test_binary_content_round_trips_byte_for_byte(self, store: FileStore) -> None:
        store.put("attachments/bin", EVERY_BYTE)
        assert store.get("attachments/bin") == EVERY_BYTE

    def test_empty_content_is_stored_as_empty_not_as_missing(self, store: FileStore) -> None:
        store.put("attachments/empty", b"")
        assert store.get("attachments/empty") == b""

    def test_putting_again_replaces_the_content(self, store: FileStore) -> None:
        store.put("attachments/a1", b"a much longer first version")
        store.put("attachments/a1", b"short")
        assert store.get("attachments/a1") == b"short"

    def test_a_deleted_key_is_gone_and_others_stay(self, store: FileStore) -> None:
        store.put("attachments/a1", b"one")
        store.put("attachments/a2", b"two")
        store.delete("attachments/a1")
        assert store.get("attachments/a1") is None
        assert store.get("attachments/a2") == b"two"

    def test_deleting_a_missing_key_is_fine(self, store: FileStore) -> None:
        store.delete("attachments/never-put")
        store.put("attachments/a1", b"one")
        store.delete("attachments/a1")
        store.delete("attachments/a1")
        assert store.get("attachments/a1") is None

    def test_a_deleted_key_can_be_put_again(self, store: FileStore) -> None:
        store.put("attachments/a1", b"one")
        store.delete("attachments/a1")
        store.put("attachments/a1", b"two")
        assert store.get("attachments/a1") == b"two"

    @pytest.mark.parametrize("key", ["a", "A-Z_0-9", "attachments/3f2a9c", "x/y/z/deep"])
    def test_keys_of_letters_digits_dashes_and_underscores_are_valid(
        self, store: FileStore, key: str
    ) -> None:
        store.put(key, b"ok")
        assert store.get(key) == b"ok"

    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_a_key_that_could_escape_or_is_malformed_is_refused_by_put(
        self, store: FileStore, key: str
    ) -> None:
        with pytest.raises(StorageError, match="not a valid file key"):
            store.put(key, b"x")

    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_a_malformed_key_is_refused_by_get_and_delete_too(
        self, store: FileStore, key: str
    ) -> None:
        with pytest.raises(StorageError, match="not a valid file key"):
            store.get(key)
        with pytest.raises(StorageError, match="not a valid file key"):
            store.delete(key)

    def test_a_key_cannot_also_be_the_folder_of_another_key(self, store: FileStore) -> None:
        store.put("attachments", b"outer")
        with pytest.raises(StorageError):
            store.put("attachments/a1", b"inner")
        assert (store.get("attachments"), store.get("attachments/a1")) == (b"outer", None)
        store.delete("attachments")
        store.put("attachments/a1", b"inner")
        with pytest.raises(StorageError):
            store.put("attachments", b"outer")
        assert store.get("attachments/a1") == b"inner"


class TestInMemoryFileStore(FileStoreContract):
    def make_store(self, folder: pathlib.Path) -> FileStore:
        return InMemoryFileStore()

    def test_it_lists_the_keys_it_holds(self) -> None:
        store = InMemoryFileStore()
        store.put("attachments/a1", b"one")
        store.put("attachments/a2", b"two")
        store.delete("attachments/a1")
        assert store.keys() == frozenset({"attachments/a2"})


def _everything_under(folder: pathlib.Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


class TestLocalFolderFileStore(FileStoreContract):
    def make_store(self, folder: pathlib.Path) -> FileStore:
        return LocalFolderFileStore(folder / "files")

    def test_each_key_is_a_file_under_the_folder(self, tmp_path: pathlib.Path) -> None:
        store = LocalFolderFileStore(tmp_path)
        store.put("attachments/a1", b"one")
        assert (tmp_path / "attachments" / "a1").read_bytes() == b"one"

    def test_the_folder_is_created_on_the_first_write(self, tmp_path: pathlib.Path) -> None:
        folder = tmp_path / "not" / "yet"
        store = LocalFolderFileStore(folder)
        assert store.get("attachments/a1") is None
        assert not folder.exists()
        store.put("attachments/a1", b"one")
        assert store.get("attachments/a1") == b"one"

    def test_writes_leave_no_temporary_files_behind(self, tmp_path: pathlib.Path) -> None:
        store = LocalFolderFileStore(tmp_path)
        for number in range(5):
            store.put(f"attachments/a{number}", EVERY_BYTE)
        store.put("attachments/a0", b"replaced")
        store.delete("attachments/a1")
        assert _everything_under(tmp_path) == {
            "attachments",
            "attachments/a0",
            "attachments/a2",
            "attachments/a3",
            "attachments/a4",
        }

    def test_a_failed_write_leaves_no_temporary_file_behind(self, tmp_path: pathlib.Path) -> None:
        store = LocalFolderFileStore(tmp_path)
        store.put("attachments/a1", b"one")
        with pytest.raises(StorageError):
            store.put("attachments", b"cannot replace a folder")
        assert _everything_under(tmp_path) == {"attachments", "attachments/a1"}

    def test_the_files_survive_a_new_store_over_the_same_folder(
        self, tmp_path: pathlib.Path
    ) -> None:
        LocalFolderFileStore(tmp_path).put("attachments/a1", EVERY_BYTE)
        reopened = LocalFolderFileStore(str(tmp_path))
        assert reopened.get("attachments/a1") == EVERY_BYTE
        reopened.delete("attachments/a1")
        assert LocalFolderFileStore(tmp_path).get("attachments/a1") is None

    def test_nothing_outside_the_folder_is_touched(self, tmp_path: pathlib.Path) -> None:
        (tmp_path / "secret").write_bytes(b"keep")
        store = LocalFolderFileStore(tmp_path / "files")
        with pytest.raises(StorageError):
            store.put("../secret", b"overwritten")
        with pytest.raises(StorageError):
            store.delete("../secret")
        assert (tmp_path / "secret").read_bytes() == b"keep"


@pytest.mark.parametrize("key", ["attachments/a.1~b", "attachments/v1.2"])
def test_keys_may_hold_dots_and_tildes_inside_a_part(key: str) -> None:
    store = InMemoryFileStore()
    store.put(key, b"x")
    assert store.get(key) == b"x"
