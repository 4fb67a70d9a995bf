"""Shared test set-up: wide terminal output so Rich does not wrap what tests read."""

from __future__ import annotations

import os

os.environ.setdefault("COLUMNS", "200")
