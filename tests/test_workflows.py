"""The GitHub Actions workflow: valid against the vendored workflow schema (check-jsonschema,
offline), doing what the pull-request workflow promises, with shell that parses and factdb
commands that exist; its diff step run for real against a temporary repository."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factdb.cli import main
from gitrepo import commit, edit, init, make_repo

PROJECT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads a bare `on` as true
    return data


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(PROJECT / ".github" / "workflows" / "facts.yml")


def steps_of(job: dict) -> list[dict]:
    return job["steps"]


def run_scripts():
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                if "run" in step:
                    yield f"{path.name}:{job_id}:{step.get('name', step['run'][:30])}", step["run"]


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_the_schema(schema):
    assert WORKFLOWS, "no workflow files"
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, WORKFLOWS)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_validate_test_build_diff_and_upload(workflow):
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    check = workflow["jobs"]["check"]
    steps = steps_of(check)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch and the claims' history
    runs = [s.get("run", "") for s in steps]
    order = [
        next(i for i, r in enumerate(runs) if "factdb validate --format github" in r),
        next(i for i, r in enumerate(runs) if "python -m pytest" in r),
        next(i for i, r in enumerate(runs) if r.strip() == "factdb build"),
        next(i for i, r in enumerate(runs) if "factdb diff" in r),
    ]
    assert order == sorted(order)
    diff = runs[order[-1]]
    assert "--format markdown" in diff and "$GITHUB_STEP_SUMMARY" in diff
    base = steps[order[-1]]["env"]["BASE"]
    assert "github.base_ref" in base and "github.event.before" in base
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "build/factdb.db"


def test_publish_jobs_are_skipped_without_their_secrets(workflow):
    check = workflow["jobs"]["check"]
    outputs = check["outputs"]
    probe = next(s for s in steps_of(check) if s.get("id") == "secrets")
    for target, secret in (("cloudrun", "GCP_CREDENTIALS"), ("fly", "FLY_API_TOKEN")):
        job = workflow["jobs"][f"publish-{target}"]
        assert job["needs"] == "check"
        # Secrets are not available in a job's `if:`; the check job's output carries them.
        assert "secrets." not in job["if"]
        assert f"needs.check.outputs.{target} == 'true'" in job["if"]
        assert "github.ref == 'refs/heads/main'" in job["if"] and "github.event_name == 'push'" in job["if"]
        assert outputs[target] == f"${{{{ steps.secrets.outputs.{target} }}}}"
        assert probe["env"][secret] == f"${{{{ secrets.{secret} }}}}"
        assert f"{target}=${{{secret}:+true}}" in probe["run"]
        assert any(f"factdb publish {target}" in s.get("run", "") for s in steps_of(job))


def test_the_secret_probe_outputs_true_only_when_set(workflow, tmp_path):
    probe = next(s for s in steps_of(workflow["jobs"]["check"]) if s.get("id") == "secrets")
    for value, expected in (("", ""), ("a-key", "true")):
        out = tmp_path / f"output{bool(value)}"
        env = {**os.environ, "GITHUB_OUTPUT": str(out), "GCP_CREDENTIALS": value, "FLY_API_TOKEN": ""}
        subprocess.run(["bash", "-eo", "pipefail", "-c", probe["run"]], env=env, check=True)
        assert out.read_text().splitlines() == [f"cloudrun={expected}", "fly="]


@pytest.mark.parametrize("where,script", list(run_scripts()))
def test_run_scripts_parse(where, script):
    result = subprocess.run(["bash", "-n", "-c", EXPRESSION.sub("x", script)], capture_output=True, text=True)
    assert result.returncode == 0, f"{where}: {result.stderr}"


@pytest.mark.parametrize("where,script", list(run_scripts()))
def test_factdb_commands_and_options_exist(where, script):
    for line in script.splitlines():
        words = shlex.split(EXPRESSION.sub("x", line), comments=True)
        for i, word in enumerate(words):
            if word != "factdb":
                continue
            command = main.commands.get(words[i + 1])
            assert command is not None, f"{where}: no command `factdb {words[i + 1]}`"
            known = {opt for param in command.params for opt in param.opts}
            for option in words[i + 2:]:
                if option in ("|", "&&", ">>", ">"):
                    break
                if option.startswith("--"):
                    assert option in known, f"{where}: `factdb {words[i + 1]}` has no option {option}"


def test_the_diff_step_writes_the_fact_changes_to_the_summary(workflow, tmp_path):
    step = next(s for s in steps_of(workflow["jobs"]["check"]) if "factdb diff" in s.get("run", ""))
    root = make_repo(init(tmp_path / "repo"))
    base = commit(root, "base", "2026-02-05T08:00:00+00:00")
    edit(root, "facts/claims/2026-02-05.yaml", "impact_locations: 16", "impact_locations: 16\n    notes: checked")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ, "BASE": base, "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env, check=True, capture_output=True)
    text = summary.read_text()
    assert text.startswith(f"### Fact changes: `{base}` → `working tree`")
    assert "- **changed** claim `uaf-2026-02-05`" in text
    # The first push to a new branch has no earlier commit: the step says so and passes.
    env["BASE"] = "0" * 40
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env, check=True, capture_output=True)
    assert summary.read_text().endswith("No earlier revision to compare with.\n")


def test_run_steps_fail_on_a_failure_before_a_pipe(workflow):
    # Without `shell:`, GitHub runs `bash -e {0}` (no pipefail); `shell: bash` is `-eo pipefail`.
    assert workflow["defaults"]["run"]["shell"] == "bash"
    for job in workflow["jobs"].values():
        assert all(s.get("shell", "bash") == "bash" for s in steps_of(job))


def test_the_diff_step_reports_a_base_that_does_not_validate(workflow, tmp_path):
    step = next(s for s in steps_of(workflow["jobs"]["check"]) if "factdb diff" in s.get("run", ""))
    root = make_repo(init(tmp_path / "repo"))
    edit(root, "facts/claims/2026-02-05.yaml", "impact_locations: 16", "impact_locations: 61")
    broken = commit(root, "a figure not in its quote", "2026-02-05T08:00:00+00:00")
    edit(root, "facts/claims/2026-02-05.yaml", "impact_locations: 61", "impact_locations: 16")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ, "BASE": broken, "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    # A pull request that repairs a broken base still passes, and the summary says why there is no diff.
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env, check=True, capture_output=True)
    text = summary.read_text()
    assert f"`factdb diff {broken}` exited with 1:" in text
    assert "figure-not-in-quote" in text
    assert not list(root.glob("diff.*"))  # nothing left in the checkout


def test_cloud_run_deploys_without_asking_for_a_region(workflow):
    env = workflow["jobs"]["publish-cloudrun"]["env"]
    assert env["CLOUDSDK_RUN_REGION"] == "${{ vars.CLOUDRUN_REGION || 'us-central1' }}"
