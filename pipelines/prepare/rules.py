"""Rule sets as data: pipelines/rules/*.toml → tables `rule_sets` and `rules`, and lookup macros.

One TOML file per rule set (a decree, a law with its implementing decree, a local decision), with
`id`, `domain` (grading, commendation, discipline, review), `title`, `legal_basis`,
`effective_from` / `effective_to` (inclusive; none = still in force), `applies_to` (official
categories), `precedence` (a local set, higher, wins over a national one for a parameter both
define) and `[[rules]]`, each with `id`, `article`, `parameter`, `value` and a description. Next
year's decree is a new file, not a change of code.

The marts judge a date with the set in force on it — a grading or commendation year on 31/12 of that
year, a disciplinary action on its decision date — through the macros created here:
`rule_for(domain, parameter, day)` → struct {rule_id, rule_set_id, article, value, value_num} of the
rule in force (highest precedence, then latest effective_from), `rule_num(...)` its number and
`rule_cite(...)` "rule_id — article" for findings.

A `--config` file can override the value of any rule with `rules."<rule_id>" = value` (e.g.
`rules."discipline.reprimand" = 12`); the `rules` table then records the config file as `origin`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import duckdb

from pipelines.settings import ConfigError

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
DOMAINS = ("grading", "commendation", "discipline", "review")
SET_KEYS = ("id", "domain", "title", "legal_basis", "effective_from", "applies_to", "rules")
RULE_KEYS = ("id", "article", "parameter", "value")


class RuleSetError(ConfigError):
    """Reported by `congvu build` as unusable configuration (exit 2), the old warehouse kept."""


def _require(table: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in table]
    if missing:
        raise RuleSetError(f"{where}: thiếu khóa (missing keys) {', '.join(missing)}")


def load_rule_sets(folder: Path = RULES_DIR) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = []
    rule_ids: set[Any] = set()
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise RuleSetError(f"{path.name}: không đọc được (unreadable rule set): {exc}") from exc
        _require(data, SET_KEYS, path.name)
        if data["domain"] not in DOMAINS:
            raise RuleSetError(f"{path.name}: domain {data['domain']!r} không thuộc {DOMAINS}")
        start, end = data["effective_from"], data.get("effective_to")
        if not isinstance(start, dt.date) or (end is not None and not isinstance(end, dt.date)):
            raise RuleSetError(f"{path.name}: effective_from/effective_to phải là ngày TOML (YYYY-MM-DD)")
        if end is not None and end < start:
            raise RuleSetError(f"{path.name}: effective_to trước effective_from")
        if any(s["id"] == data["id"] for s in sets):
            raise RuleSetError(f"{path.name}: trùng mã bộ quy tắc (duplicate rule set id) {data['id']}")
        for rule in data["rules"]:
            _require(rule, RULE_KEYS, f"{path.name} rule {rule.get('id', '?')}")
            if rule["id"] in rule_ids:
                raise RuleSetError(f"{path.name}: trùng mã quy tắc (duplicate rule id) {rule['id']}")
            rule_ids.add(rule["id"])
        sets.append({**data, "source_file": path.name})
    return sets


def _as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def rule_rows(sets: list[dict[str, Any]], settings: dict[str, tuple[Any, str]]) -> list[tuple[Any, ...]]:
    overrides = {
        key.removeprefix("rules."): item for key, item in settings.items() if key.startswith("rules.")
    }
    known = {rule["id"] for s in sets for rule in s["rules"]}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise RuleSetError(f"--config: không có quy tắc (no such rule) {', '.join(unknown)}")
    rows = []
    for s in sets:
        for rule in s["rules"]:
            value, origin = overrides.get(rule["id"], (rule["value"], s["source_file"]))
            rows.append(
                (
                    rule["id"],
                    s["id"],
                    s["domain"],
                    rule["article"],
                    rule["parameter"],
                    _as_text(value),
                    _as_number(value),
                    s["effective_from"],
                    s.get("effective_to"),
                    int(s.get("precedence", 0)),
                    list(s["applies_to"]),
                    rule.get("description", ""),
                    rule.get("description_en", ""),
                    origin,
                )
            )
    return rows


def prepare(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    sets = load_rule_sets()
    con.execute(
        "create or replace table rule_sets (rule_set_id varchar primary key, domain varchar, title varchar, "
        "title_en varchar, legal_basis varchar, effective_from date, effective_to date, "
        "applies_to varchar[], "
        "precedence integer, source_file varchar, rule_count integer, in_force_as_of boolean)"
    )
    con.executemany(
        "insert into rule_sets values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "? between ? and coalesce(?, date '9999-12-31'))",
        [
            (
                s["id"],
                s["domain"],
                s["title"],
                s.get("title_en", ""),
                s["legal_basis"],
                s["effective_from"],
                s.get("effective_to"),
                list(s["applies_to"]),
                int(s.get("precedence", 0)),
                s["source_file"],
                len(s["rules"]),
                ctx.as_of,
                s["effective_from"],
                s.get("effective_to"),
            )
            for s in sets
        ],
    )
    con.execute(
        "create or replace table rules (rule_id varchar primary key, rule_set_id varchar, domain varchar, "
        "article varchar, parameter varchar, value varchar, value_num double, effective_from date, "
        "effective_to date, precedence integer, applies_to varchar[], description varchar, "
        "description_en varchar, origin varchar)"
    )
    con.executemany(
        "insert into rules values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rule_rows(sets, ctx.settings)
    )
    con.execute(
        """
        create or replace macro rule_for(dom, param, day) as (
            select {'rule_id': rl.rule_id, 'rule_set_id': rl.rule_set_id, 'article': rl.article,
                    'value': rl.value, 'value_num': rl.value_num}
            from rules rl
            where rl.domain = dom and rl.parameter = param
              and day >= rl.effective_from and (rl.effective_to is null or day <= rl.effective_to)
            order by rl.precedence desc, rl.effective_from desc
            limit 1
        );
        create or replace macro rule_num(dom, param, day) as (rule_for(dom, param, day)).value_num;
        create or replace macro rule_cite(dom, param, day) as
            (rule_for(dom, param, day)).rule_id || ' — ' || (rule_for(dom, param, day)).article;
        """
    )
    ctx.progress(f"Bộ quy tắc (rule sets): {len(sets)} tệp, {sum(len(s['rules']) for s in sets)} quy tắc")
