"""Access log: every look at personal data through the tools is appended to HOME/logs/access.jsonl."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import Any


def record_access(home: Path, action: str, **details: Any) -> None:
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    entry = {
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "user": getpass.getuser(),
        "action": action,
        **details,
    }
    with (logs / "access.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
