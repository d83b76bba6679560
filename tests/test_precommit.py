"""The pre-commit hook, run for real: `pre-commit try-repo` installs this package from a git
repository into the hook's own environment (pip, from PyPI) and validates a fact repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factrepo import make_repo, write
from gitrepo import commit, init

PROJECT = Path(__file__).resolve().parents[1]
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))
CLAIMS_FILE = "facts/claims/2026-02-05.yaml"


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
        # factdb of this environment, for the repository's own `language: system` hooks.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run([PRE_COMMIT, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_manifest_and_config_are_valid(tmp_path):
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        result = pre_commit(command, str(PROJECT / name), cwd=PROJECT, home=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_hook_is_the_validator_on_the_whole_project():
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "factdb-validate"
    assert hook["entry"] == "factdb validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # cross-file rules need every file
    assert hook["files"] == "^(facts|seeds)/"
    local = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in local["repos"] for h in repo["hooks"]}
    assert hooks["factdb-validate"]["entry"] == "factdb validate"
    assert hooks["factdb-validate"]["files"] == hook["files"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This package as another repository sees it: a git repository holding what pip needs to
    install it and the hooks manifest, committed from the current working copy."""
    repo = tmp_path_factory.mktemp("hook") / "factdb"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(PROJECT / name, repo / name)
    shutil.copytree(PROJECT / "src" / "factdb", repo / "src" / "factdb",
                    ignore=shutil.ignore_patterns("__pycache__"))
    commit(init(repo), "factdb", "2026-01-01T00:00:00+00:00")
    return repo


def test_try_repo_passes_valid_facts_and_fails_broken_ones(hook_repo, tmp_path):
    facts = make_repo(init(tmp_path / "facts-repo"))
    commit(facts, "facts", "2026-01-02T00:00:00+00:00")
    home = tmp_path / "pre-commit-home"

    ok = pre_commit("try-repo", str(hook_repo), "factdb-validate", "--all-files", cwd=facts, home=home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "factdb validate" in ok.stdout and "Passed" in ok.stdout

    text = (facts / CLAIMS_FILE).read_text()
    write(facts, CLAIMS_FILE, text.replace("neutralized: 156", "neutralized: 157"))
    broken = pre_commit("try-repo", str(hook_repo), "factdb-validate", "--all-files", cwd=facts, home=home)
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert f"{CLAIMS_FILE}:9:" in broken.stdout and "figure-not-in-quote" in broken.stdout


def test_this_repositorys_config_runs_the_local_hooks(tmp_path):
    facts = make_repo(init(tmp_path / "facts-repo"))
    shutil.copy(PROJECT / ".pre-commit-config.yaml", facts / ".pre-commit-config.yaml")
    commit(facts, "facts", "2026-01-02T00:00:00+00:00")
    home = tmp_path / "home"
    ok = pre_commit("run", "--all-files", cwd=facts, home=home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "factdb validate" in ok.stdout

    write(facts, "facts/entities/extra.yaml", "people:\n  - {id: x, name: X, nationality: ua}\n")
    subprocess.run(["git", "-C", str(facts), "add", "-A"], check=True)
    broken = pre_commit("run", "--all-files", cwd=facts, home=home)
    assert broken.returncode == 1
    assert "facts/entities/extra.yaml:2:" in broken.stdout and "unknown-field" in broken.stdout
