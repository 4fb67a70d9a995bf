"""Planted cases, one module per built-in model: true leads and, for every condition of the model and of
its DOMAIN.md readings, a near miss on the other side. Each case has people and organisations of its own,
so no two cases touch each other."""

from __future__ import annotations

from collections.abc import Callable

from clueloop.synth.cases import (
    debtor,
    hotline,
    licence,
    penalty,
    pil,
    postal,
    safety,
    travel,
    unlicensed,
)
from clueloop.synth.world import World

PLANTERS: tuple[tuple[str, Callable[[World], None]], ...] = (
    (postal.MODEL, postal.plant),
    (debtor.MODEL, debtor.plant),
    (unlicensed.MODEL, unlicensed.plant),
    (travel.MODEL, travel.plant),
    (penalty.MODEL, penalty.plant),
    (pil.MODEL, pil.plant),
    (hotline.MODEL, hotline.plant),
    (licence.MODEL, licence.plant),
    (safety.MODEL, safety.plant),
)
MODEL_IDS: tuple[str, ...] = tuple(model for model, _ in PLANTERS)
