"""Backup and restore of an embedded store: the engine's files and the metadata, as one folder."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pyoxigraph as ox

from smpgraph.errors import InputError, ResourceNotFoundError, SmpGraphError

if TYPE_CHECKING:
    from smpgraph.store.oxigraph import OxigraphStore

MANIFEST: Final = "smpgraph-backup.json"


def backup_store(store: OxigraphStore, target: Path) -> Path:
    """Copy ``store`` into the new folder ``target`` (a consistent snapshot, taken while it runs).

    Raises:
        InputError: the store is in memory, or ``target`` already exists.
    """
    from smpgraph.store.oxigraph import METADATA_FILE, OX_DIR

    if store.path is None:
        raise InputError("an in-memory store has nothing to back up; use `smpgraph export` instead")
    if target.exists():
        raise InputError(f"{target}: already exists; name a new folder for the backup")
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=target.parent if target.parent.exists() else None))
    try:
        store._ox.backup(str(staging / OX_DIR))
        store.metadata.save()
        if (store.path / METADATA_FILE).exists():
            shutil.copy2(store.path / METADATA_FILE, staging / METADATA_FILE)
        manifest = {
            "format": "smpgraph-backup/1",
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "quads": len(store),
            "source": str(store.path),
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
    from smpgraph.store.oxigraph import METADATA_FILE, OX_DIR

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
