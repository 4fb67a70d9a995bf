"""The built-in model library: one YAML file per supervision model (spec, tables, documentation)."""
