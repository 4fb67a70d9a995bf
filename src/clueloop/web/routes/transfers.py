"""(filled in by a later step)"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
