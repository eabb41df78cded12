"""Export: every record as JSON Lines in the import format, so an export imports back to the same records."""

from __future__ import annotations

import json
from typing import TextIO

from indexer.store import Store


def export_jsonl(store: Store, out: TextIO) -> int:
    written = 0
    for batch in store.iter_records():
        for record in batch:
            out.write(json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
        written += len(batch)
    return written
