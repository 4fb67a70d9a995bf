"""The truth check once on Spark: seed 1's lake, all nine models, the same leads as planted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from clueloop.engine.library import load_library
from clueloop.engine.runner import run_models
from tests.engine.conftest import spark_context  # noqa: F401  (the session's local Spark)
from tests.synth.pipeline import AS_OF, SynthRun


@pytest.mark.spark
@pytest.mark.usefixtures("spark_context")
def test_spark_finds_exactly_the_planted_truth(synth_run: Callable[[int], SynthRun]) -> None:
    run = synth_run(1)
    result = run_models(
        run.home, list(load_library(strict=True).models.values()), as_of=AS_OF, engine="spark"
    )
    found: dict[str, set[tuple[str, ...]]] = {model: set() for model in run.result.truth}
    for lead in result.leads:
        found.setdefault(lead["model"], set()).add(tuple(lead["key"]))
    expected = {model: {tuple(k) for k in keys} for model, keys in run.result.truth.items()}
    assert found == expected
    assert found == run.leads  # and the same as DuckDB's
