"""Knowledge in models/ is data, checked once at start-up: a malformed file is named with what is wrong."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.lexicons import ModelDataError, check_models, load_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def models_copy(tmp_path, monkeypatch):
    """A writable copy of models/, used instead of the real one for the test."""
    copy = tmp_path / "models"
    shutil.copytree(ROOT / "models", copy)
    monkeypatch.setenv("PIPELINE_MODELS_DIR", str(copy))
    load_json.cache_clear()
    yield copy
    load_json.cache_clear()


def test_the_shipped_models_pass_the_check():
    check_models()


def test_every_models_file_is_described_by_the_schema():
    described = set(load_json("schema.json")["files"]) | {"schema.json"}
    assert described == {path.name for path in (ROOT / "models").glob("*.json")}


def test_a_file_that_is_not_json_is_named(models_copy):
    (models_copy / "hedges.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ModelDataError, match=r"models/hedges.json cannot be read as JSON"):
        check_models()


def test_a_missing_key_is_named(models_copy):
    data = json.loads((models_copy / "measures.json").read_text(encoding="utf-8"))
    del data["tariff_nouns"]
    (models_copy / "measures.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelDataError, match=r"models/measures.json lacks the key 'tariff_nouns'"):
        check_models()


def test_a_key_of_the_wrong_type_is_named(models_copy):
    data = json.loads((models_copy / "rounds.json").read_text(encoding="utf-8"))
    data["max_round_number"] = "twenty"
    (models_copy / "rounds.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelDataError, match=r"'max_round_number' must be a JSON integer, not str"):
        check_models()


def test_a_missing_file_is_named(models_copy):
    (models_copy / "people.json").unlink()
    with pytest.raises(ModelDataError, match=r"models/people.json is missing"):
        check_models()


def test_the_command_line_refuses_a_malformed_models_folder_before_any_work(models_copy, tmp_path):
    (models_copy / "countries.json").write_text("[]", encoding="utf-8")
    from pipeline.cli import main

    assert main(["extract", str(ROOT / "seeds"), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_runs_extract_on_the_seeds(tmp_path):
    """`pip install .` (not editable): the wheel carries models/, and nothing is read from the checkout."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # The dependencies (spaCy and its model, ...) come from this environment's site-packages, not the network;
    # a plain path in a .pth file adds them without running the checkout's editable-install hook.
    Path(site, "deps.pth").write_text(sysconfig_purelib() + "\n", encoding="utf-8")
    [wheel] = wheels.glob("*.whl")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    run = subprocess.run(
        [str(python), "-m", "pipeline", "extract", "seeds", "--out", "out"],
        cwd=tmp_path, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert "documents read: 5" in run.stdout
    where = subprocess.run(
        [str(python), "-c", "import pipeline.lexicons as l; print(l.models_dir())"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert where.startswith(site), where


def sysconfig_purelib() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]
