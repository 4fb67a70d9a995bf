"""The model engine: model files → checked models → SQLGlot → DuckDB or Spark → leads."""
