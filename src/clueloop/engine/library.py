"""Where model files are found: the built-in library, then user folders (``--models DIR``, CLUELOOP_MODELS).

A user adds a model by dropping a ``*.yaml`` file into a folder of their own; a user model with the id
of a built-in one replaces it (a procuratorate adapting a shared model keeps its id).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from clueloop.engine.compiler import CheckedModel, check_model
from clueloop.engine.spec import ModelFile, SpecError, load_model


class UnknownModelError(LookupError):
    pass


def builtin_folder() -> Path:
    return Path(str(resources.files("clueloop.models")))


def model_folders(extra: list[Path] | None = None) -> list[Path]:
    folders = [builtin_folder()]
    env = os.environ.get("CLUELOOP_MODELS", "")
    folders += [Path(p) for p in env.split(os.pathsep) if p]
    folders += extra or []
    return folders


def model_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("_"))


@dataclass
class Library:
    models: dict[str, CheckedModel]
    errors: list[SpecError]

    def get(self, model_id: str) -> CheckedModel:
        if model_id in self.models:
            return self.models[model_id]
        import difflib

        close = difflib.get_close_matches(model_id, list(self.models), n=1)
        hint = f"；是否想写 {close[0]}？" if close else ""
        raise UnknownModelError(f"找不到模型 {model_id}{hint}（clueloop models 列出可用模型）")


def load_library(extra: list[Path] | None = None, *, strict: bool = False) -> Library:
    """Every model of every folder, checked; a broken user file is reported, not fatal (unless strict)."""
    models: dict[str, CheckedModel] = {}
    errors: list[SpecError] = []
    for folder in model_folders(extra):
        for path in model_files(folder):
            try:
                checked = check_model(load_model(path))
            except SpecError as exc:
                if strict:
                    raise
                errors.append(exc)
                continue
            models[checked.spec.id] = checked
    return Library(models, errors)


def check_paths(paths: list[Path]) -> tuple[list[ModelFile], list[SpecError]]:
    """Validate model files (``clueloop check``)."""
    ok: list[ModelFile] = []
    errors: list[SpecError] = []
    for folder in paths:
        files = model_files(folder)
        if not files and not folder.exists():
            errors.append(SpecError(folder, 1, 1, "文件或文件夹不存在"))
        for path in files:
            try:
                ok.append(check_model(load_model(path)).file)
            except SpecError as exc:
                errors.append(exc)
    return ok, errors


def export_model(model: CheckedModel, target: Path) -> Path:
    """One self-contained file (spec, parameters, tables and documentation) to share with another office."""
    if target.is_dir():
        target = target / f"{model.spec.id}.yaml"
    target.write_text(model.file.text, encoding="utf-8")
    return target


def import_model(source: Path, folder: Path) -> Path:
    """Validate a shared model file and copy it into a user model folder."""
    checked = check_model(load_model(source))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{checked.spec.id}.yaml"
    shutil.copyfile(source, target)
    return target
