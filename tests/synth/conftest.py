"""Generate, ingest and run once per seed (session-scoped); every synth test reads the same leads."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.synth.pipeline import SynthRun, build


@pytest.fixture(scope="session")
def synth_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], SynthRun]:
    """``synth_run(seed)``: built on first use, then shared by the whole session."""
    cache: dict[int, SynthRun] = {}

    def get(seed: int) -> SynthRun:
        if seed not in cache:
            cache[seed] = build(tmp_path_factory.mktemp(f"synth-seed{seed}"), seed)
        return cache[seed]

    return get


@pytest.fixture(scope="session")
def run(synth_run: Callable[[int], SynthRun]) -> SynthRun:
    return synth_run(1)
