"""Writing output files safely: never over a user's file, never through a symlink, checked first.

Every file the tool writes (maps, trip pages, GeoJSON, KML, CSV) goes through `write_bytes`,
which records it in a manifest beside it (`.tracker-outputs.json`: name → SHA-256). A file
that exists and is not in its folder's manifest is the user's: it is not replaced unless the
run was started with `--force`. A target that is a symlink (dangling or not) is refused even
then: following it would write wherever it points. Within one CLI run (`session`), writing
the same path twice is refused too — an `--out` named like a trip page would otherwise
silently replace it while the tool counts two files written.

`check` does the same tests before any work, so an unwritable or refused path fails in a
second with one line, not after minutes of reading and a traceback.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import TrackerError

MANIFEST = ".tracker-outputs.json"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Session:
    force: bool = False
    written: set[str] = field(default_factory=set)


_SESSION: contextvars.ContextVar[Session | None] = contextvars.ContextVar("tracker_outputs", default=None)


@contextlib.contextmanager
def session(force: bool = False):
    """One CLI run's writes: `--force` for all of them, and the set of paths already written."""
    token = _SESSION.set(Session(force=force))
    try:
        yield _SESSION.get()
    finally:
        _SESSION.reset(token)


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(files, dict) else {}


def written_by_tracker(path: Path) -> bool:
    """Is `path` listed in its folder's manifest (written by this tool before)?"""
    return Path(path).name in _manifest(Path(path).parent)


def check(path: Path | None, force: bool | None = None, create: bool = True) -> None:
    """Refuse, before any work, a target this run must not or cannot write (one TrackerError).

    `create`: make the folder as `mkdir -p` would (the CLI's outputs); else a missing folder is an error."""
    if path is None:
        return
    path = Path(path)
    state = _SESSION.get()
    force = state.force if force is None and state is not None else bool(force)
    if path.is_symlink():
        raise TrackerError("is a symbolic link; refusing to write through it (give the real path)", path)
    if path.is_dir():
        raise TrackerError("is a folder; give a file name", path)
    if not create and not path.parent.is_dir():
        raise TrackerError("cannot write: its folder does not exist", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrackerError(f"cannot create its folder: {exc.strerror or exc}", path) from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise TrackerError("its folder is not writable", path)
    if path.exists():
        if not os.access(path, os.W_OK):
            raise TrackerError("exists and is not writable", path)
        if not force and not written_by_tracker(path):
            raise TrackerError("exists and was not written by tracker; not replacing it (use --force to replace it)", path)


def write_bytes(path: Path, data: bytes, what: str = "") -> Path:
    """Write `data` to `path` after `check` (its folder must exist), and record it in the folder's manifest.
    `what` names the kind of output in errors ("cannot write CSV: …")."""
    path = Path(path)
    state = _SESSION.get()
    key = str(path.resolve())
    if state is not None and key in state.written:
        raise TrackerError("would be written twice in this run (an output shares its name with another); "
                           "choose another name", path)
    try:
        check(path, create=False)
    except TrackerError as exc:
        raise TrackerError(exc.reason.replace("cannot write", f"cannot write {what}".rstrip()), path) from None
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise TrackerError(f"cannot write {what}: {exc.strerror or exc}".replace(" :", ":"), path) from None
    if state is not None:
        state.written.add(key)
    _record(path, data)
    return path


def write_text(path: Path, text: str, what: str = "") -> Path:
    return write_bytes(path, text.encode("utf-8"), what)


def _record(path: Path, data: bytes) -> None:
    folder = path.parent
    files = _manifest(folder)
    files[path.name] = hashlib.sha256(data).hexdigest()
    body = {"about": "files written by tracker here; others are not replaced without --force",
            "files": dict(sorted(files.items()))}
    try:
        (folder / MANIFEST).write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only manifest costs the protection of the next run, not this output


# --------------------------------------------------------------------------- XML

def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 forbids (C0 controls but tab/LF/CR, surrogates, U+FFFE/F)."""
    return _XML_FORBIDDEN.sub("", text)


def xml_clean_tree(root) -> None:
    """Strip forbidden characters from every text, tail and attribute of an ElementTree, in place."""
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        if element.tail:
            element.tail = xml_text(element.tail)
        for name, value in list(element.attrib.items()):
            element.set(name, xml_text(value))

