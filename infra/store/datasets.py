"""The dataset versions written by exports, with their manifests."""

from __future__ import annotations

import json
from typing import Any

from infra.store.connection import StoreBase, now


class DatasetsSQL(StoreBase):
    def record_dataset(self, name: str, version: str, path: str, manifest: dict[str, Any]) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO datasets VALUES (?,?,?,?,?)",
                [name, version, now(), path, json.dumps(manifest, ensure_ascii=False)],
            )

    def dataset_versions(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT version, manifest FROM datasets WHERE name = ? ORDER BY created_at", [name]
            ).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]
