"""scripts/check-commits.py: the message rules, then the script on real git repositories (a
base named in scripts/commits-since, a release tag, a shallow clone, the commit-msg hook)."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "scripts" / "check-commits.py"
HOOK = ROOT / "scripts" / "commit-msg"

spec = importlib.util.spec_from_file_location("check_commits", SCRIPT)
assert spec is not None and spec.loader is not None, SCRIPT
check_commits = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_commits)

GOOD = (
    "tasks: Add a filter by deadline.\n\nThe Office asked for it: the list is too long to read.\n"
)
URL = (
    "https://docs.djangoproject.com/en/5.2/topics/testing/advanced/#django.test.TransactionTestCase"
)


@pytest.mark.parametrize(
    "message",
    [
        GOOD,
        "imports/layout: Read a header split over two rows.\n\nSeen in the 2025 plan.",
        "browser tests: Wait for the bell.\n\nIt refreshes itself.",
        "docs: Đưa số đo mới vào.\n\nA Vietnamese summary starts with a capital too.",
        f"tasks: Cite the docs.\n\nAs said in {URL} (a URL is not wrapped).",
        f"tasks: Cite a path.\n\nSee src/theodoi/{'very_long_folder_name/' * 4}module.py, there.",
    ],
)
def test_a_message_following_the_rules_passes(message: str) -> None:
    assert check_commits.problems(message) == []


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("Add a filter by deadline.\n\nWhy.", "subject: begin with an area"),
        ("Tasks: Add a filter.\n\nWhy.", "subject: begin with an area"),
        ("tasks:Add a filter.\n\nWhy.", "subject: begin with an area"),
        (
            "tasks: add a filter.\n\nWhy.",
            "subject: the summary after the area begins with a capital",
        ),
        ("tasks: Add a filter\n\nWhy.", "subject: end with a period"),
        (f"tasks: Add {'a very long ' * 6}filter.\n\nWhy.", "subject: 90 characters, at most 72"),
        ("tasks: Add a filter; fix the count.\n\nWhy.", "subject: a list (';')"),
        ("tasks: Add a filter.\nWhy it is needed.", "line 2: leave it blank"),
        ("tasks: Add a filter.\n", "body: missing"),
        ("tasks: Add a filter.\n\n\n", "body: missing"),
        (f"tasks: Add a filter.\n\n{'Because ' * 9}why.", "line 3: 76 characters, at most 72"),
        ("", "the message is empty"),
    ],
)
def test_each_broken_rule_is_named(message: str, rule: str) -> None:
    found = check_commits.problems(message)
    assert any(problem.startswith(rule) for problem in found), found


def test_a_message_breaking_several_rules_names_each() -> None:
    found = check_commits.problems(f"Fixed stuff; more {'x' * 60}")
    expected = [
        "subject: begin with an area",
        "subject: end with a period",
        "subject: 78 characters",
        "subject: a list",
        "body: missing",
    ]
    assert len(found) == len(expected), found
    assert all(p.startswith(e) for p, e in zip(found, expected, strict=True)), found


class Repo:
    """A real git repository in a temporary folder, with no user or system configuration."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Người thử",
            "GIT_AUTHOR_EMAIL": "thu@bhxh.test",
            "GIT_COMMITTER_NAME": "Người thử",
            "GIT_COMMITTER_EMAIL": "thu@bhxh.test",
        }
        path.mkdir(exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, input: str | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str) -> str:
        self.git("commit", "-q", "--allow-empty", "-F", "-", input=message)
        return self.git("rev-parse", "--short", "HEAD")

    def check(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Two commits from before the rules, the second named in scripts/commits-since."""
    repo = Repo(tmp_path / "repo")
    repo.commit("Initial import of everything")
    base = repo.commit("Review: many things; more things")
    (repo.path / "scripts").mkdir()
    (repo.path / "scripts" / "commits-since").write_text(
        f"# the commits after this one follow the rules\n{repo.git('rev-parse', base)}\n"
    )
    return repo


def test_the_commits_since_the_base_are_checked_and_each_bad_one_named(repo: Repo) -> None:
    repo.git("add", "scripts/commits-since")
    good = repo.commit("scripts: Name the base of the commit check.\n\nOlder ones differ.")
    no_body = repo.commit("tasks: Add a filter.")
    listed = repo.commit("tasks: add a filter; fix the count\n\nTwo things at once.")
    result = repo.check()
    assert result.returncode == 1
    out = result.stdout
    assert "3 commits in" in out and "(base: scripts/commits-since), 2 breaking" in out
    assert good not in out and "Review" not in out and "Initial" not in out
    assert f"{no_body} «tasks: Add a filter.» breaks" in out
    assert f"{listed} «tasks: add a filter; fix the count» breaks" in out
    assert out.count("\n    ") == 4  # the body missing; a capital, a period, a list
    assert "body: missing" in out.split(listed)[0].split(no_body)[1]


def test_good_commits_pass_and_merges_are_left_out(repo: Repo) -> None:
    repo.commit(GOOD)
    repo.git("switch", "-q", "-c", "side")
    repo.commit("docs: Explain the filter.\n\nThe Office reads this page.")
    repo.git("switch", "-q", "main")
    repo.commit("tasks: Count filtered tasks.\n\nThe count matched the whole list.")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge branch 'side'")
    result = repo.check()
    assert result.returncode == 0, result.stdout
    assert "3 commits in" in result.stdout and "0 breaking the rules." in result.stdout


def test_a_newer_release_tag_takes_the_place_of_the_base(repo: Repo) -> None:
    repo.commit("Work before the release, not following the rules")
    repo.git("tag", "v1.0")
    repo.commit(GOOD)
    result = repo.check()
    assert result.returncode == 0, result.stdout
    assert "1 commit in v1.0..HEAD (base: the last tag), 0 breaking" in result.stdout


def test_a_shallow_clone_without_the_base_checks_the_commits_present(
    repo: Repo, tmp_path: Path
) -> None:
    repo.git("add", "scripts/commits-since")
    repo.commit("scripts: Name the base of the commit check.\n\nOlder ones differ.")
    bad = repo.commit("tasks: Add a filter.")
    clone = Repo(tmp_path / "clone")
    clone.git("fetch", "-q", "--depth", "2", f"file://{repo.path}", "main")
    clone.git("switch", "-q", "-c", "main", "FETCH_HEAD")
    result = clone.check()
    assert "is not in this clone (shallow?); checking the commits that are present" in (
        result.stderr
    )
    assert result.returncode == 1
    assert "2 commits in HEAD, 1 breaking" in result.stdout and f"{bad} «" in result.stdout


def test_an_explicit_range_is_checked(repo: Repo) -> None:
    first = repo.commit(GOOD)
    repo.commit("tasks: Add a filter.")
    assert repo.check(f"{first}..HEAD").returncode == 1
    assert repo.check(f"{first}~1..{first}").returncode == 0


def test_the_commit_msg_hook_refuses_a_bad_message_and_takes_a_good_one(repo: Repo) -> None:
    (repo.path / "scripts" / "check-commits.py").write_bytes(SCRIPT.read_bytes())
    (repo.path / ".git" / "hooks" / "commit-msg").symlink_to(HOOK)  # as the README says
    refused = subprocess.run(
        ["git", "commit", "--allow-empty", "-m", "fixed the filter"],
        cwd=repo.path,
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "commit message: subject: begin with an area" in refused.stderr
    assert repo.git("log", "-1", "--format=%s") == "Review: many things; more things"
    repo.commit(GOOD)  # the hook passes it (check=True)
    assert repo.git("log", "-1", "--format=%s") == "tasks: Add a filter by deadline."


def test_the_hook_reads_the_message_as_git_keeps_it(tmp_path: Path) -> None:
    edited = tmp_path / "COMMIT_EDITMSG"
    edited.write_text(
        f"{GOOD}# Please enter the commit message for your changes.\n"
        "# ------------------------ >8 ------------------------\n"
        f"diff --git a/x b/x\n+{'a very long line of the diff ' * 5}\n"
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--message-file", str(edited)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
