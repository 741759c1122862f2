"""The GitHub workflows and review rules: least privilege, pinned actions, no credentials kept in a checkout, the
token only in the step that pushes, and writers' folders reviewed apart from the build's code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(path: Path):
    for name, job in load(path)["jobs"].items():
        for step in job["steps"]:
            yield name, step


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "publish.yml", "promote.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_third_party_actions_are_pinned_to_full_commit_shas(path):
    uses = re.findall(r"uses:\s*([^\s#]+)", path.read_text(encoding="utf-8"))
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action) for action in uses), uses


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
        pushes = any("policy push" in str(step.get("run", "")) for step in job["steps"])
        assert writes <= ({"contents"} if pushes else set()), f"{path.name}:{name} may write {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_keeps_credentials_and_only_the_push_step_has_the_token(path):
    for job, step in steps(path):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}:{job}"
        has_token = "GITHUB_TOKEN" in str(step.get("env", {})) or "secrets." in str(step.get("run", ""))
        assert has_token == ("policy push" in str(step.get("run", ""))), f"{path.name}:{job}: {step.get('name')}"


def test_publishing_fetches_full_history_and_gh_pages_and_tests_first():
    text = (ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in text and "gh-pages:gh-pages" in text
    order = [step.get("name") for _, step in steps(ROOT / ".github/workflows/publish.yml")]
    assert order.index("Tests") < order.index("Publish the release (on the local gh-pages)") < order.index("Push gh-pages")


def test_writers_folders_and_the_build_have_separate_owners():
    rules = [line.split() for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owners = {pattern: people for pattern, *people in rules}
    assert owners["*"] and all(owners[f"/{folder}/"] != owners["*"] for folder in ("docs", "clauses", "data"))
    assert owners["/docs/assets/"] == owners["*"], "the site's own scripts are code"


def test_the_daily_workflow_refreshes_statuses_and_pushes_only_after():
    """Statuses change when a date comes: the scheduled workflow runs `policy refresh` (one release per status
    change, nothing when none changed), then pushes; it never publishes main's newest commit."""
    path = ROOT / ".github/workflows/promote.yml"
    assert load(path)["on"].get("schedule"), "it runs every day"
    runs = [(step.get("name"), str(step.get("run", ""))) for _, step in steps(path)]
    refresh = next(i for i, (_, run) in enumerate(runs) if "policy refresh" in run)
    push = next(i for i, (_, run) in enumerate(runs) if "policy push" in run)
    assert refresh < push and not any("policy publish" in run or "policy promote" in run for _, run in runs)
