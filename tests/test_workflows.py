"""The GitHub workflows: least privilege, pinned actions, no pull_request_target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_third_party_actions_are_pinned_to_full_commit_shas(path):
    uses = re.findall(r"uses:\s*([^\s#]+)", path.read_text(encoding="utf-8"))
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
        publishes = "publish.py" in str(job) or "promote.py" in str(job)
        assert writes <= ({"contents"} if publishes else set()), f"{path.name}:{name} may write {writes}"


def test_publishing_fetches_full_history_and_gh_pages():
    text = (WORKFLOWS[0].parent / "publish.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in text and "gh-pages:gh-pages" in text and "--push" in text
