"""The bench scripts start (``--help``), and what ``make bench`` builds its table from:
``harness.report``'s lines (with the backend each figure was measured on) and
``bench/summary.py``'s verdict. No timing here: the figures come from running the benches."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
HELPERS = {"harness.py", "floor_app.py", "summary.py", "__init__.py"}
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if p.name not in HELPERS)


def load_harness():
    spec = importlib.util.spec_from_file_location("bench_harness_under_test", BENCH / "harness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_bench_script_answers_help(script):
    # `--help` must print the usage and exit 0 without measuring anything: a script that
    # fails at import (a renamed function, a model keyword that changed) shows up here.
    result = subprocess.run([sys.executable, str(BENCH / script), "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout


def test_scripts_that_take_a_backend_accept_postgresql():
    # make bench runs `--backend postgresql` on every script whose source names "--backend".
    for script in SCRIPTS:
        source = (BENCH / script).read_text(encoding="utf-8")
        if '"--backend"' in source:
            help_text = subprocess.run([sys.executable, str(BENCH / script), "--help"], cwd=ROOT,
                                       capture_output=True, text=True, timeout=120).stdout
            assert "postgresql" in help_text, script


def test_report_records_the_backend(tmp_path, monkeypatch):
    harness = load_harness()
    results = tmp_path / "results.jsonl"
    monkeypatch.setenv("EVENTHUB_BENCH_RESULTS", str(results))
    monkeypatch.setattr(sys, "argv", ["web.py", "--backend", "postgresql"])
    assert harness.report("event page: CPU ratio", [0.4, 0.6, 0.5], 0.5) is True
    monkeypatch.setattr(sys, "argv", ["calendar_files.py"])
    assert harness.report("files", [0.2], 0.5) is False
    assert harness.report("precision", [1.0], 0.9, unit="", backend="-") is True
    lines = [json.loads(line) for line in results.read_text().splitlines()]
    assert [(r["script"], r["backend"], r["met"]) for r in lines] == [
        ("web.py", "postgresql", True), ("calendar_files.py", "sqlite", False), ("calendar_files.py", "-", True)]


@pytest.mark.parametrize("argv, backend", [
    ([], "sqlite"), (["--backend", "postgresql"], "postgresql"), (["--backend=postgres"], "postgresql"),
    (["--repeat", "3", "--backend", "sqlite"], "sqlite"),
])
def test_argv_backend(argv, backend):
    assert load_harness().argv_backend(argv) == backend


def test_summary_names_the_backend_and_fails_on_a_miss(tmp_path):
    results = tmp_path / "results.jsonl"
    rows = [
        {"script": "web.py", "target": "event page", "values": [0.5, 0.6], "median": 0.55, "goal": 0.5,
         "higher_is_better": True, "unit": "×", "met": True, "backend": "postgresql"},
        {"script": "zoom_sync.py", "target": "429 answers", "values": [3], "median": 3, "goal": 0,
         "higher_is_better": False, "unit": "answers", "met": False, "backend": "sqlite"},
        # A line written before the backend was recorded reads as SQLite.
        {"script": "old.py", "target": "old figure", "values": [1.0], "median": 1.0, "goal": 1.0,
         "higher_is_better": True, "unit": "", "met": True},
    ]
    results.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = subprocess.run([sys.executable, str(BENCH / "summary.py"), str(results)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("web.py" in line and "postgresql" in line and "pass" in line for line in lines)
    assert any("zoom_sync.py" in line and "sqlite" in line and "3 answers" in line and "MISS" in line
               for line in lines)
    assert any("old.py" in line and "sqlite" in line for line in lines)
    assert "2 of 3 targets met" in result.stdout


def test_summary_passes_when_every_target_is_met(tmp_path):
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps({"script": "a.py", "target": "t", "values": [2.0], "median": 2.0, "goal": 1.0,
                                   "higher_is_better": True, "unit": "×", "met": True, "backend": "sqlite"}) + "\n")
    result = subprocess.run([sys.executable, str(BENCH / "summary.py"), str(results)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout
