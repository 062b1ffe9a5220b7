"""Build settings: the defaults in pipelines/data/settings.toml, overridden by `--config FILE`.

Settings are flattened to dotted keys ("fairness.min_tasks_for_rate") and written to the warehouse
table `settings`, where the marts read them (macros `setting` and `setting_num`) and where a reviewer
can see which values produced the figures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).parent / "data" / "settings.toml"


class ConfigError(ValueError):
    pass


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return _flatten(tomllib.load(f))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: không đọc được tệp cấu hình (unreadable config): {exc}") from exc


def load_settings(config: Path | None = None) -> dict[str, tuple[Any, str]]:
    """key → (value, where it came from)."""
    settings = {key: (value, "default") for key, value in _read(DEFAULTS).items()}
    if config is not None:
        for key, value in _read(config).items():
            settings[key] = (value, str(config))
    return settings


def as_rows(settings: dict[str, tuple[Any, str]]) -> list[tuple[str, str, str]]:
    return [
        (key, str(value).lower() if isinstance(value, bool) else str(value), origin)
        for key, (value, origin) in sorted(settings.items())
    ]
