"""``generate``: a folder of agency exports, its manifest, and the truth every model should find in it.

    exports/
      行政处罚决定_市场监管局.csv …   one or more files per dataset kind
      manifest.json                  each file with its kind (the --kind to load it with), format, rows
      truth.json                     per model the sorted expected lead keys, and every planted case

The planted cases do not depend on ``scale``: only the background noise grows with it.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from clueloop.synth.cases import MODEL_IDS, PLANTERS
from clueloop.synth.noise import add_noise
from clueloop.synth.people import Population
from clueloop.synth.world import Case, World
from clueloop.synth.writer import WrittenFile, write_tables

MANIFEST = "manifest.json"
TRUTH = "truth.json"


@dataclass
class SynthResult:
    outdir: Path
    seed: int
    scale: int
    as_of: date
    files: list[WrittenFile]
    truth: dict[str, list[list[str]]]  # model id → sorted expected lead keys
    cases: list[Case]
    rows: dict[str, int] = field(default_factory=dict)  # kind → rows written
    seconds: float = 0.0

    def case(self, name: str) -> Case:
        for c in self.cases:
            if c.name == name:
                return c
        raise KeyError(name)


def generate(outdir: Path, *, seed: int = 1, scale: int = 1, as_of: date) -> SynthResult:
    """Write synthetic exports of all dataset kinds with planted cases for every built-in model."""
    if scale < 0:
        raise ValueError(f"scale must be 0 or more, not {scale}")
    started = time.perf_counter()
    rng = random.Random(f"clueloop-synth:{seed}")
    world = World(as_of, rng, Population(rng, as_of))
    for _, plant in PLANTERS:
        plant(world)
    add_noise(world, scale)
    _remove_previous(outdir)
    files = write_tables(outdir, world.tables, random.Random(f"clueloop-synth:{seed}:files"), as_of)
    truth = world.truth(list(MODEL_IDS))
    result = SynthResult(
        outdir,
        seed,
        scale,
        as_of,
        files,
        truth,
        list(world.cases),
        {kind: len(rows) for kind, rows in sorted(world.tables.items())},
    )
    header = {"seed": seed, "scale": scale, "as_of": as_of.isoformat()}
    _dump(outdir / MANIFEST, {**header, "files": [f.to_json() for f in files], "rows": result.rows})
    _dump(outdir / TRUTH, {**header, "models": _models(result), "cases": [c.to_json() for c in world.cases]})
    result.seconds = time.perf_counter() - started
    return result


def _models(result: SynthResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for model, keys in result.truth.items():
        cases = [c for c in result.cases if c.model == model]
        out[model] = {
            "keys": keys,
            "leads": sum(c.lead for c in cases),
            "near_misses": sum(not c.lead for c in cases),
        }
    return out


def _remove_previous(outdir: Path) -> None:
    """Files a previous run listed in its manifest (nothing else in the folder is touched)."""
    manifest = outdir / MANIFEST
    if not manifest.is_file():
        return
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError):
        return
    for entry in listed:
        name = entry.get("file") if isinstance(entry, dict) else None
        if isinstance(name, str) and "/" not in name and name not in ("", ".", ".."):
            (outdir / name).unlink(missing_ok=True)


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
