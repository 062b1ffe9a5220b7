"""Build settings: the defaults in pipelines/data/settings.toml, overridden by `--config FILE`.

Settings are flattened to dotted keys ("fairness.min_tasks_for_rate") and written to the warehouse
table `settings`, where the marts read them (macros `setting` and `setting_num`) and where a reviewer
can see which values produced the figures.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).parent / "data" / "settings.toml"

# a setting read by a literal key in SQL: setting('review.min_tasks') or setting_num('review.min_tasks')
_READ_IN_SQL = re.compile(r"\bsetting(_num)?\('([A-Za-z0-9_.]+)'\)")
_SQL_COMMENT = re.compile(r"--[^\n]*")


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


def read_by(sql_texts: Iterable[str]) -> dict[str, bool]:
    """The settings that SQL reads by name: key → whether it is read as a number (setting_num)."""
    keys: dict[str, bool] = {}
    for text in sql_texts:
        for numeric, key in _READ_IN_SQL.findall(_SQL_COMMENT.sub("", text)):
            keys[key] = keys.get(key, False) or bool(numeric)
    return keys


def require(settings: dict[str, tuple[Any, str]], needed: dict[str, bool]) -> None:
    """ConfigError naming every setting the models read that is missing, or not a number where they read
    one: the marts have no default of their own, so a build without it would give NULL thresholds."""
    problems = []
    for key, numeric in sorted(needed.items()):
        if key not in settings:
            problems.append(f"{key}: thiếu (missing)")
            continue
        value, origin = settings[key]
        if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append(f"{key} = {value!r} ({origin}): không phải số (not a number)")
    if problems:
        raise ConfigError(
            "Thiết lập không hợp lệ (invalid settings), xem pipelines/data/settings.toml: "
            + "; ".join(problems)
        )
