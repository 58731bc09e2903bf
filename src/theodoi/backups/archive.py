"""The archive file: a tar (`.tar`, or gzip-compressed `.tar.gz`/`.tgz`) of the database dump,
the attached files under files/ and, last, manifest.json.

Reading trusts nothing that the manifest does not name: every member must be a regular file
named in the manifest, of the size and SHA-256 it gives, and every file the manifest names
must be there. Members are only ever written to paths we choose, never to their own names.
"""

import hashlib
import io
import os
import tarfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from theodoi.backups.manifest import FILES, MANIFEST, Entry, Manifest, parse, refused

MODES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz"}
CHUNK = 1024 * 1024


def write_mode(path: Path) -> str | None:
    """The tarfile mode for an archive named `path`, None for a name we do not write."""
    name = path.name.lower()
    return next((mode for suffix, mode in MODES.items() if name.endswith(suffix)), None)


class _Hashing(io.RawIOBase):
    """Reads through to `source`, keeping the SHA-256 and size of what was read."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


class Writer:
    """Adds members to a new archive, each with its size and checksum worked out as it is
    written (the bytes in the archive are the bytes that were hashed)."""

    def __init__(self, path: Path, mode: str) -> None:
        # closed by close(); the mode is one of MODES
        self.tar = tarfile.open(path, mode, format=tarfile.PAX_FORMAT)  # type: ignore[call-overload]  # noqa: SIM115

    def add_file(self, source: Path, name: str, entry_path: str | None = None) -> Entry:
        with source.open("rb") as handle:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(handle.fileno()).st_size
            info.mtime = int(os.fstat(handle.fileno()).st_mtime)
            info.mode = 0o640
            reader = _Hashing(handle)
            self.tar.addfile(info, reader)  # reads info.size bytes
        return Entry(entry_path or name, reader.size, reader.sha256.hexdigest())

    def add_bytes(self, data: bytes, name: str) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o640
        self.tar.addfile(info, io.BytesIO(data))

    def close(self) -> None:
        self.tar.close()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under `root` (symbolic links left out), as (path under root in
    POSIX form, full path), in a stable order; our own unfinished restores left out."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not (here == root and d.startswith(STAGING)))
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


STAGING = ".theodoi-khoi-phuc-"  # a folder in MEDIA_ROOT where a restore puts files first


class Reader:
    """An archive opened for restoring: its manifest, and its members checked against it."""

    def __init__(self, path: Path) -> None:
        try:
            self.tar = tarfile.open(path, "r:*")  # noqa: SIM115 — closed by close()
            members = self.tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise refused(f"Tệp «{path}» không phải bản sao lưu đọc được ({exc}).") from exc
        names = [member.name for member in members]
        if len(set(names)) != len(names):
            raise refused("Bản sao lưu có hai thành phần trùng tên: đã bị sửa.")
        self.members = {member.name: member for member in members}
        info = self.members.get(MANIFEST)
        if info is None or not info.isreg():
            raise refused("Bản sao lưu không có bản kê manifest.json.")
        try:
            data = self._read(info)
        except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
            raise refused(f"Không đọc được bản kê manifest.json ({exc}).") from exc
        self.manifest: Manifest = parse(data)
        expected = self.manifest.members()
        unexpected = sorted(set(self.members) - set(expected) - {MANIFEST})
        if unexpected:
            raise refused(f"Bản sao lưu có thành phần không có trong bản kê: «{unexpected[0]}».")
        absent = sorted(set(expected) - set(self.members))
        if absent:
            raise refused(f"Bản sao lưu thiếu «{absent[0]}» mà bản kê ghi.")
        for name, entry in expected.items():
            member = self.members[name]
            if not member.isreg():
                raise refused(f"«{name}» trong bản sao lưu không phải một tệp thường.")
            if member.size != entry.size:
                raise refused(
                    f"«{name}» dài {member.size} byte, bản kê ghi {entry.size} byte: "
                    "bản sao lưu đã bị sửa hoặc hỏng."
                )

    def _read(self, info: tarfile.TarInfo) -> bytes:
        handle = self.tar.extractfile(info)
        assert handle is not None  # a regular file
        return handle.read()

    def copy(self, name: str, target: Path | None) -> None:
        """Stream member `name` to `target` (None: only read it), refusing it unless its bytes
        have the size and SHA-256 of the manifest. A refused or failed copy leaves no target;
        an archive that cannot be read is refused, a target that cannot be written raises
        OSError."""
        entry = self.manifest.members()[name]
        digest, size = hashlib.sha256(), 0
        handle = self.tar.extractfile(self.members[name])
        assert handle is not None  # a regular file (checked on opening)
        out = target.open("xb") if target is not None else None
        try:
            while True:
                try:
                    chunk = handle.read(CHUNK)
                except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
                    raise refused(f"Không đọc được «{name}» trong bản sao lưu ({exc}).") from exc
                if not chunk:
                    break
                digest.update(chunk)
                size += len(chunk)
                if out is not None:
                    out.write(chunk)
            if size != entry.size or digest.hexdigest() != entry.sha256:
                raise refused(
                    f"Tổng kiểm SHA-256 của «{name}» không khớp bản kê: bản sao lưu đã bị sửa "
                    "hoặc hỏng."
                )
        except BaseException:
            if out is not None:
                out.close()
                _remove(target)
            raise
        if out is not None:
            out.close()

    def file_names(self) -> list[tuple[str, str]]:
        """The attached files as (member name, path under MEDIA_ROOT)."""
        return [(FILES + entry.path, entry.path) for entry in self.manifest.files]

    def close(self) -> None:
        self.tar.close()


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)
