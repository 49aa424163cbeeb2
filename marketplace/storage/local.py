"""The local-folder backend: files under a root folder (``UPLOAD_DIR``, ``PROOF_DIR``), as
before issue #15.4. The default, and what ``make run`` and a single node use."""
from __future__ import annotations

import datetime as dt
import mimetypes
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .base import InvalidKey, NotStored, ObjectInfo, StorageError, StoredFile, check_key

TEMP_PREFIX = ".part-"
#: the longest file or folder name the file systems we run on take (bytes)
NAME_MAX = 255


def guess_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


class LocalStorage:
    kind = "local"

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = self.root / check_key(key)
        if any(len(part.encode("utf-8")) > NAME_MAX for part in key.split("/")):
            raise InvalidKey(key)  # the file system cannot hold it: nothing is stored there
        # check_key already refuses "..": this also refuses a symlink leading out of the root
        base = self.root.resolve()
        if base not in path.resolve().parents:
            raise InvalidKey(key)
        return path

    def put(self, key: str, data: bytes, content_type: str, *, cache_control: str | None = None) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                os.chmod(temp, 0o644)
                os.replace(temp, path)  # atomic: a reader sees the old file or the whole new one
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc}") from exc

    def _info(self, key: str, st: os.stat_result) -> ObjectInfo:
        # the shape of Werkzeug's send_file ETag: time, size and a checksum of the name
        etag = f"{st.st_mtime:.0f}-{st.st_size}-{zlib.adler32(key.encode('utf-8')) & 0xFFFFFFFF}"
        return ObjectInfo(key=key, size=st.st_size, etag=etag, content_type=guess_type(key),
                          last_modified=dt.datetime.fromtimestamp(int(st.st_mtime), dt.timezone.utc))

    def open(self, key: str) -> StoredFile:
        path = self._path(key)
        try:
            handle = path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotStored(key) from None
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc}") from exc
        return StoredFile(self._info(key, os.fstat(handle.fileno())), handle)

    def stat(self, key: str) -> ObjectInfo:
        path = self._path(key)
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise NotStored(key) from None
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc}") from exc
        if not path.is_file():
            raise NotStored(key)
        return self._info(key, st)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, *keys: str) -> None:
        for key in keys:
            path = self._path(key)
            if path.is_file():
                path.unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder, dirs, files in os.walk(self.root):
            dirs.sort()
            for name in sorted(files):
                if name.startswith(TEMP_PREFIX):
                    continue
                key = (Path(folder) / name).relative_to(self.root).as_posix()
                if not key.startswith(".") and "/." not in key:
                    yield key

    def describe(self) -> str:
        return str(self.root)
