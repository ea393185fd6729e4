"""Figures in docs/*.md that are generated from a built database, never typed in.

A figure is a marked block in a Markdown file:

    <!-- figure: recovery -->
    ...generated text...
    <!-- /figure -->

`render_text` replaces the inside of every block with the output of the figure of that name
(the functions in FIGURES), run on a built database and the manifest of its build. Each
figure ends with a line that names the world it was built from, read from the raw world's
`_world.json` that `make build` records in `build_info.raw_world`, so the label cannot drift
from the figures. `make docs-figures` rewrites the files; the end-to-end test renders them
from its own build of the default world and fails when a file differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

WORLD_TABLE = "build_info.raw_world"
PROJECT = "shadowpersona"
BLOCK = re.compile(
    r"(?P<open><!-- figure: (?P<name>[a-z0-9_]+) -->\n)(?P<body>.*?)(?P<close><!-- /figure -->)",
    re.DOTALL,
)


class FigureError(Exception):
    """A problem the user can fix (no world recorded, an unknown figure name); one line."""


@dataclass(frozen=True)
class Build:
    connection: duckdb.DuckDBPyConnection
    manifest: dict
    world: dict


def read_world(connection: duckdb.DuckDBPyConnection) -> dict:
    """The raw world the database was built from, as recorded by scripts/build_database.py."""
    try:
        row = connection.execute(f"select world_json from {WORLD_TABLE}").fetchone()
    except duckdb.CatalogException:
        row = None
    if not row:
        raise FigureError(
            f"the database has no {WORLD_TABLE} (it records which world the figures describe): "
            "build it with `make build`"
        )
    return json.loads(row[0])


def world_label(world: dict) -> str:
    """'2,000 users x 30 days, seed 42', plus any option that differs from a clean world."""
    label = f"{world['users']:,} users x {world['days']} days, seed {world['seed']}"
    if "realism" in world:
        label += f", realism {world['realism']}"
    options = {"dirty": "dirty", "late_share": "late", "duplicate_share": "duplicates"}
    extras = [f"{text} {world[key]}" for key, text in options.items() if world.get(key)]
    return ", ".join([label, *extras])


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; `align` has one character per column, 'r' for right-aligned."""
    rules = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(header))]
    lines = [header, rules, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def rho_auc(rho: float | None, auc: float | None) -> str:
    return "n/a" if rho is None else f"{rho:.3f} / {auc:.3f}"


# --- The figures ------------------------------------------------------------------------------

RECOVERY_COLUMNS = [
    ("hand-set", "all_users", "planted_trait", "hand-set, all users"),
    ("learned", "all_users", "planted_trait", "learned, all users"),
    ("learned", "held_out_panel", "planted_trait", "learned, held out vs planted"),
    ("learned", "held_out_panel", "self_report", "learned, held out vs self-report"),
]


def recovery(build: Build) -> str:
    """Spearman rho / AUC per trait for both methods, with the mean over the traits."""
    rows = build.connection.execute(
        "select trait, method, evaluation_set, compared_against, spearman_rho, auc_top_quartile "
        "from marts.eval_trait_recovery"
    ).fetchall()
    cells = {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}
    traits = sorted({r[0] for r in rows})
    body = [
        [
            f"`{trait}`",
            *(rho_auc(*cells.get((trait, *c[:3]), (None, None))) for c in RECOVERY_COLUMNS),
        ]
        for trait in traits
    ]
    means = []
    for column in RECOVERY_COLUMNS:
        values = [cells[(t, *column[:3])] for t in traits if (t, *column[:3]) in cells]
        means.append(
            rho_auc(
                sum(v[0] for v in values) / len(values), sum(v[1] for v in values) / len(values)
            )
            if values
            else "n/a"
        )
    body.append(["mean", *means])
    return table(["trait", *(c[3] for c in RECOVERY_COLUMNS)], body)


def recovery_panel(build: Build) -> str:
    """The survey panel's size and the mean Pearson r against the held-out self-reports."""
    row = build.connection.execute(
        """
        select
            count(*) filter (where is_in_survey_panel),
            (select max(n_users) from marts.eval_trait_recovery
             where evaluation_set = 'held_out_panel' and compared_against = 'self_report'),
            (select avg(pearson_r) from marts.eval_trait_recovery
             where evaluation_set = 'held_out_panel' and compared_against = 'self_report'
                 and method = 'hand-set'),
            (select avg(pearson_r) from marts.eval_trait_recovery
             where evaluation_set = 'held_out_panel' and compared_against = 'self_report'
                 and method = 'learned')
        from marts.dim_users
        """
    ).fetchone()
    return table(
        ["survey panel", "held out", "mean Pearson r, hand-set", "mean Pearson r, learned"],
        [[f"{row[0]:,}", f"{row[1]:,}", f"{row[2]:.3f}", f"{row[3]:.3f}"]],
        "rrrr",
    )


def learning_curve(build: Build) -> str:
    """Mean Spearman rho over the traits after each horizon, per method."""
    rows = build.connection.execute(
        """
        select method, horizon_days, avg(spearman_rho)
        from marts.eval_learning_curve
        group by all
        order by horizon_days, method
        """
    ).fetchall()
    horizons = sorted({r[1] for r in rows})
    methods = sorted({r[0] for r in rows})
    cells = {(r[0], r[1]): r[2] for r in rows}
    return table(
        ["method", *(f"{h} d" for h in horizons)],
        [[m, *(f"{cells[(m, h)]:.3f}" for h in horizons)] for m in methods],
        "l" + "r" * len(horizons),
    )


def personas(build: Build) -> str:
    """Users per persona, in the order the rules are tried."""
    rows = build.connection.execute(
        "select persona, n_users, user_share_pct from marts.dim_personas order by priority"
    ).fetchall()
    return table(
        ["persona", "users", "share"],
        [[persona, f"{n:,}", f"{share:.1f} %"] for persona, n, share in rows],
        "lrr",
    )


def build_size(build: Build) -> str:
    """What one `dbt build` of the project runs, from its manifest, and what it leaves."""
    nodes = build.manifest["nodes"].values()
    ours = [n for n in nodes if n.get("package_name") == PROJECT]

    def count(resource_type: str, **where: str) -> int:
        return sum(
            1
            for n in ours
            if n["resource_type"] == resource_type and all(n.get(k) == v for k, v in where.items())
        )

    unit_tests = len(build.manifest.get("unit_tests", {}))
    relations = build.connection.execute(
        """
        select table_schema, count(*) filter (where table_type = 'BASE TABLE'),
            count(*) filter (where table_type = 'VIEW')
        from information_schema.tables
        where table_schema in ('staging', 'features', 'intermediate', 'marts')
        group by all
        order by table_schema
        """
    ).fetchall()
    rows = [
        ["SQL models", f"{count('model', language='sql'):,}"],
        ["Python models", f"{count('model', language='python'):,}"],
        ["seeds", f"{count('seed'):,}"],
        ["data tests", f"{count('test'):,}"],
        ["unit tests", f"{unit_tests:,}"],
        *(
            [f"`{schema}` schema", f"{tables:,} tables, {views:,} views"]
            for schema, tables, views in relations
        ),
    ]
    return table(["what", "how many"], rows, "lr")


FIGURES: dict[str, Callable[[Build], str]] = {
    "recovery": recovery,
    "recovery_panel": recovery_panel,
    "learning_curve": learning_curve,
    "personas": personas,
    "build_size": build_size,
}


def render_figure(name: str, build: Build) -> str:
    if name not in FIGURES:
        raise FigureError(f"unknown figure {name!r}; the figures are: {', '.join(FIGURES)}")
    label = f"*Generated by `make docs-figures` from a build of {world_label(build.world)}.*"
    return f"{FIGURES[name](build)}\n\n{label}\n"


def render_text(text: str, build: Build) -> str:
    """The text with every figure block's inside replaced by the figure rendered anew."""
    return BLOCK.sub(lambda m: m["open"] + render_figure(m["name"], build) + m["close"], text)


def open_build(database: Path, target: Path) -> Build:
    if not database.is_file():
        raise FigureError(f"{database} does not exist: build it with `make build`")
    manifest_path = target / "manifest.json"
    if not manifest_path.is_file():
        raise FigureError(f"{manifest_path} does not exist: build with `make build` first")
    connection = duckdb.connect(str(database), read_only=True)
    return Build(connection, json.loads(manifest_path.read_text()), read_world(connection))


def stale_files(paths: list[Path], build: Build) -> dict[Path, str]:
    """The files whose figures differ from the build, with their rendered text."""
    rendered = {path: render_text(path.read_text(), build) for path in paths}
    return {path: text for path, text in rendered.items() if text != path.read_text()}
