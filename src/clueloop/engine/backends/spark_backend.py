"""Apache Spark over the same Parquet lake: the scale-out engine.

Only this module imports pyspark, and only when a Spark backend is asked for. One SparkContext serves a
process (a JVM can hold just one): the first backend starts it and stops it on ``close()``; a backend
that finds one already running on the same master borrows it and leaves it running. Each backend works in
its own ``newSession()``, so its temporary views (one per dataset kind) and SQL settings are its own.

Results come back as Arrow with DuckDB's types: DATE as ``date32``, TIMESTAMP as ``timestamp[us]``
without a time zone (the lake's timestamps are wall-clock times, Spark's ``TIMESTAMP_NTZ``).
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from clueloop.catalog import load_kinds
from clueloop.catalog.layout import kind_layout
from clueloop.engine.backends.base import Backend, EngineError
from clueloop.ingest.lake import Lake

try:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import types as T
except ImportError as exc:  # the optional extra is not installed
    raise EngineError(f"Spark 引擎需要 pyspark：pip install 'clueloop[spark]'（{exc}）") from exc

DEFAULT_MASTER = "local[2]"

# Settings of the SparkContext, fixed when it starts.
_CONTEXT_CONF: dict[str, str] = {
    "spark.app.name": "clueloop",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}
# Settings of every backend's own session. ANSI mode off: an overflow or an impossible cast in one row
# gives NULL instead of failing a whole run (and x / 0 is NULL, as the lowering makes it on DuckDB);
# TIMESTAMP means wall-clock time, as in DuckDB.
_SESSION_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.parquet.inferTimestampNTZ.enabled": "true",
}

_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.spark.name = org.apache.spark
logger.spark.level = error
"""

_SPARK_TYPES: dict[str, T.DataType] = {
    "VARCHAR": T.StringType(),
    "DATE": T.DateType(),
    "TIMESTAMP": T.TimestampNTZType(),
    "DOUBLE": T.DoubleType(),
    "BIGINT": T.LongType(),
    "BOOLEAN": T.BooleanType(),
}
_GLOB = re.compile(r"([\\{}\[\]*?])")
_PANDAS_WARNING = r"PySpark does not yet fully support pandas"


def spark_type(duckdb_type: str) -> T.DataType:
    """The Spark type of a lake column's DuckDB type."""
    try:
        return _SPARK_TYPES[duckdb_type.upper()]
    except KeyError:
        raise EngineError(f"湖中的列类型 {duckdb_type} 没有对应的 Spark 类型") from None


def _log4j2_file() -> str:
    fd, name = tempfile.mkstemp(prefix="clueloop-log4j2-", suffix=".properties")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_LOG4J2)
    atexit.register(lambda: Path(name).unlink(missing_ok=True))
    return name


def spark_session(master: str = DEFAULT_MASTER, **conf: str) -> tuple[SparkSession, bool]:
    """The process's SparkSession on ``master`` and whether this call started it.

    ``conf`` adds Spark settings (``spark.executor.memory="4g"``…); settings of the context only apply
    when this call starts it.
    """
    from pyspark import SparkContext
    from pyspark.logger import PySparkLogger

    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        # They print each failing query as a JSON line; EngineError already carries it with the SQL.
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL)
    running = SparkContext._active_spark_context
    if running is not None:
        if running.master != master:
            raise EngineError(
                f"本进程已有 Spark（master {running.master}），不能再连接 master {master}；"
                "一个进程只能有一个 SparkContext"
            )
        return SparkSession.builder.getOrCreate(), False
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise EngineError("Spark 引擎需要 Java 17 或更新版本（如 apt-get install openjdk-17-jre-headless）")
    java = f"-Dlog4j2.configurationFile=file:{_log4j2_file()}"
    extra = conf.get("spark.driver.extraJavaOptions")
    settings = {
        **_CONTEXT_CONF,
        **_SESSION_CONF,
        **conf,
        "spark.driver.extraJavaOptions": f"{java} {extra}" if extra else java,
    }
    builder = SparkSession.builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, str(value))
    with _quiet():
        return builder.getOrCreate(), True


@contextmanager
def _quiet() -> Iterator[None]:
    """PySpark warns about pandas 3 whenever it checks for pandas, even where it does not use it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_PANDAS_WARNING, category=FutureWarning)
        yield


def _hadoop_path(path: Path) -> str:
    """Spark reads a path with ``[`` ``*`` ``{`` … as a glob; escape them so a path means itself."""
    return _GLOB.sub(r"\\\1", str(path))


class SparkBackend(Backend):
    name = "spark"
    dialect = "spark"

    def __init__(self, home: Path, master: str = DEFAULT_MASTER, **conf: Any) -> None:
        self.home = home
        self._closed = False
        base, self._owns_context = spark_session(master, **{k: str(v) for k, v in conf.items()})
        self.spark = base.newSession()
        for key, value in {**_SESSION_CONF, **conf}.items():
            if key.startswith("spark.sql."):
                self.spark.conf.set(key, str(value))
        lake = Lake(home)
        self.views: list[str] = []
        self.empty: set[str] = set()  # kinds without a batch: counted without a Spark job
        try:
            for kind in load_kinds().values():
                files = [_hadoop_path(b.data) for b in lake.batches(kind.kind)]
                if files:
                    frame = self.spark.read.option("mergeSchema", "true").parquet(*files)
                else:
                    schema = T.StructType(
                        [T.StructField(name, spark_type(t), True) for name, t in kind_layout(kind)]
                    )
                    frame = self.spark.createDataFrame([], schema)
                    self.empty.add(kind.kind)
                frame.createOrReplaceTempView(kind.kind)
                self.views.append(kind.kind)
        except BaseException:
            self.close()
            raise

    def _run(self, sql: str) -> pa.Table:
        return _arrow(self.spark.sql(sql))

    def _fetch_rows(self, kind: str, keys: pa.Table, columns: list[str] | None) -> pa.Table:
        wanted = self.spark.createDataFrame(
            keys.select(["_batch_id", "_source_row"]).to_pylist(),
            T.StructType(
                [
                    T.StructField("_batch_id", T.StringType(), True),
                    T.StructField("_source_row", T.LongType(), True),
                ]
            ),
        )
        rows = self.spark.table(f"`{kind}`")
        same = (rows["_batch_id"] == wanted["_batch_id"]) & (rows["_source_row"] == wanted["_source_row"])
        found = rows.join(wanted, on=same, how="left_semi")
        return _arrow(found.select(*[f"`{c}`" for c in columns]) if columns else found)

    def row_count(self, kind: str) -> int:
        if kind in self.empty:
            return 0
        return int(self.spark.table(f"`{kind}`").count())

    def close(self) -> None:
        """Drop this backend's views; stop Spark only if this backend started it."""
        if self._closed:
            return
        self._closed = True
        try:
            for view in self.views:
                self.spark.catalog.dropTempView(view)
        finally:
            self.views = []
            if self._owns_context:
                self.spark.stop()


def _arrow(frame: DataFrame) -> pa.Table:
    """A DataFrame as Arrow with DuckDB's types (see the module's docstring)."""
    with _quiet():
        if hasattr(frame, "toArrow"):
            table = frame.toArrow()
        else:  # pyspark before 4.0
            table = pa.Table.from_pandas(frame.toPandas(), preserve_index=False)
    fields = []
    for field in table.schema:
        t = field.type
        if pa.types.is_timestamp(t) and t.tz is not None:
            # A TIMESTAMP_LTZ: shown in the session's zone, UTC, as a wall-clock time.
            t = pa.timestamp("us")
        elif pa.types.is_integer(t) and t.bit_width < 64:
            t = pa.int64()  # LENGTH, DATEDIFF… are INT on Spark, BIGINT on DuckDB
        fields.append(pa.field(field.name, t, nullable=True))
    return table.cast(pa.schema(fields))
