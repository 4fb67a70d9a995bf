"""Engines for tests: one test body runs on every engine through the ``engine`` fixture.

Spark starts once per test session (``spark_context``) and every Spark backend borrows it. Without Java or
pyspark the Spark tests are skipped with the reason; on CI (``CI=true``) they fail instead, so a CI
machine that lost its Java cannot pass by skipping.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from collections.abc import Iterator

import pytest

ENGINES = [pytest.param("duckdb", id="duckdb"), pytest.param("spark", id="spark", marks=pytest.mark.spark)]


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java is not installed (apt-get install openjdk-17-jre-headless)"
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[dev,spark]')"
    return None


@pytest.fixture(scope="session")
def spark_context() -> Iterator[None]:
    """A local Spark for the whole test session, stopped at its end."""
    reason = spark_missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Spark tests must run on CI: {reason}")
        pytest.skip(f"Spark tests skipped: {reason}")
    from clueloop.engine.backends.spark_backend import spark_session

    started_at = time.perf_counter()
    session, started = spark_session()
    print(f"\nSpark {session.version} started in {time.perf_counter() - started_at:.1f}s")
    yield
    if started:
        session.stop()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The name of each engine in turn; Spark is started (once) before its first test."""
    name = str(request.param)
    if name == "spark":
        request.getfixturevalue("spark_context")
    return name
