"""Every built-in model finds exactly the planted leads (precision = recall = 1) in dirty exports."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from clueloop.engine.library import load_library
from clueloop.synth.cases import MODEL_IDS
from clueloop.synth.generate import TRUTH
from tests.synth.pipeline import SEEDS, SynthRun


def test_every_builtin_model_has_planted_cases() -> None:
    assert set(MODEL_IDS) == set(load_library(strict=True).models)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model", MODEL_IDS)
def test_leads_are_exactly_the_planted_truth(
    synth_run: Callable[[int], SynthRun], seed: int, model: str
) -> None:
    run = synth_run(seed)
    truth = json.loads((run.exports / TRUTH).read_text(encoding="utf-8"))["models"][model]["keys"]
    expected = {tuple(key) for key in truth}
    found = run.leads[model]
    names = {(c.model, c.key): c.name for c in run.result.cases}
    missing = sorted(names.get((model, k), str(k)) for k in expected - found)
    extra = sorted(names.get((model, k), str(k)) for k in found - expected)
    assert not missing and not extra, f"{model} seed {seed}: missed {missing}, unexpected {extra}"
    assert expected, "every model has planted leads"


@pytest.mark.parametrize("seed", SEEDS)
def test_every_planted_lead_and_near_miss_lands_on_its_side(
    synth_run: Callable[[int], SynthRun], seed: int
) -> None:
    run = synth_run(seed)
    wrong = [
        c.name for c in run.result.cases if c.key is not None and (c.key in run.leads[c.model]) != c.lead
    ]
    assert not wrong
