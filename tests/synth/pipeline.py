"""The pipeline the synth tests check: generate → ingest every file of the manifest → run all models.

Loading goes through the manifest exactly as a user would (``ingest_file`` with each file's kind), and
the models are the built-in library, strict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clueloop.engine.library import load_library
from clueloop.engine.runner import run_models
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import ingest_file
from clueloop.synth.generate import MANIFEST, SynthResult, generate

AS_OF = date(2026, 11, 27)
SEEDS = (1, 2, 3)
Key = tuple[str, ...]


@dataclass
class SynthRun:
    result: SynthResult
    exports: Path
    home: Path
    leads: dict[str, set[Key]]  # model id → lead keys found


def build(root: Path, seed: int) -> SynthRun:
    exports, home = root / "exports", root / "home"
    result = generate(exports, seed=seed, scale=1, as_of=AS_OF)
    lake = Lake(home)
    for entry in json.loads((exports / MANIFEST).read_text(encoding="utf-8"))["files"]:
        ingest_file(lake, exports / entry["file"], entry["kind"])
    run = run_models(home, list(load_library(strict=True).models.values()), as_of=AS_OF)
    leads: dict[str, set[Key]] = {model: set() for model in result.truth}
    for lead in run.leads:
        leads.setdefault(lead["model"], set()).add(tuple(lead["key"]))
    return SynthRun(result, exports, home, leads)
