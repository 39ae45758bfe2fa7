"""The embedded store's folder (engine files and metadata file), and its backup and restore as one folder.

The store calls :func:`backup_store` with its engine and metadata; nothing here imports the store.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import InputError, ResourceNotFoundError, SmpGraphError
from smpgraph.store.metadata import Metadata

#: the engine's folder inside a store's data directory
OX_DIR: Final = "oxigraph"
#: the metadata graph's file inside a store's data directory
METADATA_FILE: Final = "metadata.ttl"
MANIFEST: Final = "smpgraph-backup.json"


def backup_store(engine: Callable[[], ox.Store], metadata: Metadata, path: Path | None, target: Path) -> Path:
    """Copy the store at ``path`` (``engine()`` and ``metadata``) into the new folder ``target``.

    The copy is a consistent snapshot, taken while the store runs.

    Raises:
        InputError: the store is in memory (``path`` None), or ``target`` already exists.
    """
    if path is None:
        raise InputError("an in-memory store has nothing to back up; use `smpgraph export` instead")
    if target.exists():
        raise InputError(f"{target}: already exists; name a new folder for the backup")
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=target.parent if target.parent.exists() else None))
    try:
        engine().backup(str(staging / OX_DIR))
        metadata.save()
        if (path / METADATA_FILE).exists():
            shutil.copy2(path / METADATA_FILE, staging / METADATA_FILE)
        manifest = {
            "format": "smpgraph-backup/1",
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "quads": len(engine()),
            "source": str(path),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.replace(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SmpGraphError(f"backup to {target} failed: {exc}") from exc
    return target


def restore_store(backup: Path, data_dir: Path, *, force: bool = False) -> Path:
    """Put a backup in place as the store at ``data_dir`` (the store must not be open).

    The backup is checked (it opens and counts as its manifest says) before anything is replaced;
    the old store is swapped out in one rename and removed only after the new one is in place.

    Raises:
        ResourceNotFoundError: ``backup`` is not an smpgraph backup.
        InputError: ``data_dir`` holds a store and ``force`` is not set.
    """
    manifest_path = backup / MANIFEST
    if not manifest_path.is_file() or not (backup / OX_DIR).is_dir():
        raise ResourceNotFoundError(f"{backup}: not an smpgraph backup (no {MANIFEST})")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if data_dir.exists() and any(data_dir.iterdir()) and not force:
        raise InputError(f"{data_dir}: holds a store; pass --force to replace it")
    if (data_dir / OX_DIR).is_dir():
        try:
            probe = ox.Store(str(data_dir / OX_DIR))
            del probe
        except OSError as exc:
            raise InputError(f"{data_dir}: the store is in use by another process; stop it first") from exc
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir.parent))
    try:
        shutil.copytree(backup / OX_DIR, staging / OX_DIR)
        if (backup / METADATA_FILE).exists():
            shutil.copy2(backup / METADATA_FILE, staging / METADATA_FILE)
        check = ox.Store(str(staging / OX_DIR))
        count = len(check)
        del check
        if count != manifest.get("quads", count):
            raise SmpGraphError(f"{backup}: holds {count} quads, its manifest says {manifest.get('quads')}")
        old = data_dir.with_name(f".{data_dir.name}.old")
        if data_dir.exists():
            data_dir.replace(old)
        staging.replace(data_dir)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if "lock" in str(exc).lower():
            raise InputError(f"{data_dir}: the store is in use by another process; stop it first") from None
        raise SmpGraphError(f"restore from {backup} failed: {exc}") from exc
    return data_dir
