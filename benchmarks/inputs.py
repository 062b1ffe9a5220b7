"""Step 2 of `make bench`: the input folder from `congvu generate`, reused when seed, scale, as_of and the
generator's code are unchanged; its time and peak memory."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from benchmarks.common import BENCH, ROOT, check, run_child


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pipelines" / "generate").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def generate(scale: str, seed: int, as_of: str) -> tuple[Path, dict]:
    folder = BENCH / f"{scale}-seed{seed}-{as_of}-gen{generator_hash()}"
    stamp = folder / "generated.json"
    if stamp.exists():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        info["reused"] = True
        return folder, info
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    child = run_child(
        [
            str(ROOT / ".venv" / "bin" / "congvu"),
            "generate",
            "--out",
            str(folder / "input"),
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--as-of",
            as_of,
        ],
        folder / "generate.log",
    )
    check(child, "congvu generate")
    manifest = json.loads((folder / "input" / "manifest.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in (folder / "input").glob("*.csv"))
    info = {
        "seconds": child.seconds,
        "max_rss_mb": child.max_rss_mb,
        "rows": manifest["files"],
        "bytes": size,
    }
    stamp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    info["reused"] = False
    return folder, info


def given(input_dir: Path) -> dict:
    """An input folder generated before (`congvu generate`, or shared on this machine): read, never written.
    Its rows from its manifest; the time and memory of its generation are not known here."""
    manifest = json.loads((input_dir / "manifest.json").read_text(encoding="utf-8"))
    return {
        "seconds": None,
        "max_rss_mb": None,
        "rows": manifest["files"],
        "bytes": sum(p.stat().st_size for p in input_dir.glob("*.csv")),
        "as_of": manifest.get("as_of"),
        "reused": True,
        "given": str(input_dir),
    }
