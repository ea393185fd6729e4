"""The README and docs/: every relative link and anchor resolves, and every generated figure
matches a build of the default world (so a stale figure cannot land)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from shadowpersona.docs_figures import (
    BLOCK,
    FIGURES,
    Build,
    FigureError,
    read_world,
    render_text,
    stale_files,
    world_label,
)
from tests.pytest.conftest import ROOT, BuiltProject

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~)")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, and a
    -1, -2 ... suffix on repeats."""
    seen: dict[str, int] = {}
    found = set()
    for line in prose_lines(path.read_text()):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading[1].lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links(path: Path) -> list[str]:
    links = []
    for line in prose_lines(path.read_text()):
        line = re.sub(r"`[^`]*`", "", line)  # code spans are not links
        links += [m["target"] for m in LINK.finditer(line)]
    return [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link)]


def broken_links(path: Path) -> list[str]:
    broken = []
    for link in relative_links(path):
        file_part, _, anchor = link.partition("#")
        target = (path.parent / file_part).resolve() if file_part else path
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif anchor and target.suffix == ".md" and anchor not in anchors(target):
            where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target.name
            broken.append(f"{link}: no heading #{anchor} in {where}")
    return broken


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    assert broken_links(path) == []


def test_the_link_check_finds_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text(
        "# Other page\n\n## A `code` heading\n\n## A `code` heading\n"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md#a-code-heading-1) [ok](#page) [web](https://example.org)\n"
        "[gone](missing.md) [bad anchor](other.md#nowhere)\n\n```\n[not a link](nowhere.md)\n```\n"
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "other.md#nowhere: no heading #nowhere in other.md",
    ]


CITATION = re.compile(r"\bdocs/(?P<file>[a-z_]+\.md)(?:#(?P<anchor>[a-z0-9-]+))?")


def test_code_that_cites_the_docs_cites_a_place_that_exists() -> None:
    """Comments, docstrings and help texts point at `docs/<file>.md#<heading>`: both exist."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    broken = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in {".py", ".sql", ".yml", ".yaml", ".toml", ".md", ".mjs"} and (
            path.name != "Makefile"
        ):
            continue
        for match in CITATION.finditer(path.read_text()):
            target = ROOT / "docs" / match["file"]
            if not target.is_file():
                broken.append(f"{name}: {match[0]}: no such file")
            elif match["anchor"] and match["anchor"] not in anchors(target):
                broken.append(f"{name}: {match[0]}: no such heading")
    assert broken == []


def test_the_readme_stays_a_front_door() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= 170, f"README.md has {len(lines)} lines; move the detail to docs/"
    text = "\n".join(lines)
    for command in ("make run", "make test", "dbt build", "dbt docs serve", "make data"):
        assert command in text, command


@pytest.mark.e2e
def test_docs_figures_match_a_build_of_the_default_world(built: BuiltProject) -> None:
    with built.connect() as connection:
        build = Build(connection, built.manifest(), read_world(connection))
        assert world_label(build.world).startswith(
            f"{built.config.users:,} users x {built.config.days} days, seed {built.config.seed}"
        )
        docs = sorted((ROOT / "docs").glob("*.md"))
        used = {m["name"] for path in docs for m in BLOCK.finditer(path.read_text())}
        assert used == set(FIGURES), "every figure is shown, and only known figures"
        stale = stale_files(docs, build)
    assert not stale, f"stale figures in {sorted(map(str, stale))}: run `make docs-figures`"


@pytest.mark.e2e
def test_a_stale_or_unknown_figure_is_caught(built: BuiltProject) -> None:
    with built.connect() as connection:
        build = Build(connection, built.manifest(), read_world(connection))
        typed_in = "<!-- figure: personas -->\n| persona | users |\n<!-- /figure -->\n"
        assert render_text(typed_in, build) != typed_in
        with pytest.raises(FigureError, match="unknown figure 'nope'"):
            render_text("<!-- figure: nope -->\n<!-- /figure -->\n", build)


def run_renderer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_docs_figures.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_renderer_says_what_to_do_without_a_recorded_world(tmp_path: Path) -> None:
    database = tmp_path / "db.duckdb"
    duckdb.connect(str(database)).close()
    (tmp_path / "manifest.json").write_text("{}")
    result = run_renderer("--database", str(database), "--target-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "render_docs_figures.py: error: the database has no build_info.raw_world (it records "
        "which world the figures describe): build it with `make build`"
    )
    missing = run_renderer("--database", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2
    assert "none.duckdb does not exist: build it with `make build`" in missing.stderr
