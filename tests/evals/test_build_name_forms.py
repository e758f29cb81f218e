"""``python -m evals.build_name_forms``: the nationality-word table's builder, an entry of its own (session
20, brief C), so that running it does not re-run a module the ``knowledge`` package imported (runpy's
warning)."""

import json
import subprocess
import sys
from pathlib import Path

from evals.build_name_forms import main
from knowledge import name_forms


def test_builds_a_table_from_country_records(tmp_path: Path) -> None:
    records = [
        {"name": {"common": "Norway"}, "independent": True, "demonyms": {"eng": {"m": "Norwegian"}}},
        {"name": {"common": "Svalbard"}, "independent": False, "demonyms": {"eng": {"m": "Norwegian"}}},
        {"name": {"common": "Poland"}, "independent": True, "demonyms": {"eng": {"m": "Polish"}}},
    ]
    src, out = tmp_path / "countries.json", tmp_path / "name_forms.txt"
    src.write_text(json.dumps(records), encoding="utf-8")
    assert main(["BUILD", str(src), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "norwegian\tNorway\n"  # "polish": an everyday word, left out
    assert name_forms.load(out) == {"norwegian": "Norway"}


def test_runs_without_a_runpy_warning() -> None:
    run = subprocess.run(
        [sys.executable, "-W", "error", "-m", "evals.build_name_forms"], capture_output=True, text=True
    )
    assert run.returncode == 2 and "usage" in run.stderr and "Warning" not in run.stderr
