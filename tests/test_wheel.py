"""The wheel is the product: built from pyproject.toml, installed into a fresh environment (not editable, not
the source tree), it holds every file the pipelines and the dashboard read, `congvu build` works from it and
the dashboard renders a page with its queries.

The fresh environment gets only congvu from the wheel; its dependencies are this environment's installed
packages, reached by a path entry (so no network and no second install of pandas or Streamlit), and everything
runs from a temporary working directory, so nothing can come from the checkout."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.builders import TASK_HEADER, write_inputs

ROOT = Path(__file__).resolve().parents[1]
TASKS = (
    TASK_HEADER + "\nT1,Lập quy hoạch,city_pc,SXD,O1,agency,2023-01-05,2023-02-10,2023-02-01,true\n"
    "T2,Báo cáo,government,STC,O3,agency,2023-03-01,2023-04-01,,false\n"
)

RENDER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    import dashboard, pipelines
    from streamlit.testing.v1 import AppTest

    from dashboard.access import PAGES, User
    from dashboard.accounts import add_user
    from dashboard.session_store import STORE

    print(Path(pipelines.__file__).parent, Path(dashboard.__file__).parent)
    at = AppTest.from_file(str(Path(dashboard.__file__).parent / "app.py"), default_timeout=60)
    # signed in as after a real sign-in: an account, and a server-side session whose id the tab holds
    add_user(Path(os.environ["CONGVU_USERS"]), "wheel", "board", "wheel-password-1")
    record = STORE.create(User(name="wheel", role="board"), now=time.time())
    at.session_state["auth_session"] = record.session_id
    at.run()
    at.switch_page(PAGES[sys.argv[1]].file).run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[0].value
    print(sorted(frame["agency_id"]))
    """
)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps` of a copy of the checkout (a build leaves build/ behind where it runs)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("pipelines", "dashboard"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    dist = work / "dist"
    run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
        "--wheel-dir", dist, source, cwd=work,
    )  # fmt: skip
    (built,) = dist.glob("congvu-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    python = venv / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        wheel,
        cwd=venv.parent,
    )
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=venv.parent)
    # the dependencies: this environment's site-packages, appended after the fresh one (its .pth files,
    # among them the editable install of the checkout, are not run from a path entry)
    (Path(purelib.stdout.strip()) / "_congvu_test_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return venv / "bin"


def test_the_wheel_holds_every_file_the_code_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [
        path.relative_to(ROOT).as_posix()
        for package in ("pipelines", "dashboard")
        for path in (ROOT / package).rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".sql", ".toml", ".csv"}
        and "__pycache__" not in path.parts
    ]
    assert any(n.startswith("dashboard/queries/") for n in needed)
    assert sorted(set(needed) - names) == []


def test_build_and_a_dashboard_page_run_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    inputs = write_inputs(tmp_path / "input", {"tasks": TASKS})
    db = tmp_path / "warehouse.duckdb"
    run(installed / "congvu", "build", "--input", inputs, "--db", db, "--as-of", "2023-06-30", cwd=cwd)
    script = tmp_path / "render.py"
    script.write_text(RENDER, encoding="utf-8")
    env = {
        "CONGVU_DB": str(db),
        "CONGVU_USERS": str(tmp_path / "users.toml"),
        "CONGVU_AUDIT": str(tmp_path / "audit.jsonl"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [str(installed / "python"), str(script), "agencies"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    packages, agencies = result.stdout.strip().splitlines()[-2:]
    assert (
        str(ROOT) not in packages and str(installed.parent) in packages
    )  # the wheel's files, not the checkout
    assert "'SXD'" in agencies and "'STC'" in agencies
