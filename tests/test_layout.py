"""The layout's rules, checked: SQL only in infra/store/, and stage code that never opens the store itself
(only each stage's run.py and the review service's app factory import infra.store at run time)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("flows", "ingest", "cluster", "triage", "curation", "infra", "benchmarks")
STAGES = ("ingest", "cluster", "triage", "curation")
STORE_OPENERS = {"triage/web/app.py"}
SQL = re.compile(
    r"\b(?:select\s.+\sfrom|insert\s+into|create\s+(?:table|sequence)|delete\s+from|update\s+\w+\s+set|alter\s+table)\b",
    re.IGNORECASE | re.DOTALL,
)


def _sources(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _runtime_imports(tree: ast.Module) -> set[str]:
    """Modules imported outside `if TYPE_CHECKING:` blocks."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_sql_only_in_infra_store() -> None:
    offenders = []
    for path in _sources(*PRODUCT):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("infra/store/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_stage_code_reaches_the_store_only_through_run() -> None:
    offenders = []
    for path in _sources(*STAGES):
        rel = path.relative_to(ROOT).as_posix()
        if path.name == "run.py" or rel in STORE_OPENERS:
            continue
        imports = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        if any(m == "infra.store" or m.startswith("infra.store.") for m in imports):
            offenders.append(rel)
    assert offenders == []


def test_flows_call_stages_through_their_front_door() -> None:
    imports = _runtime_imports(ast.parse((ROOT / "flows" / "pipeline.py").read_text(encoding="utf-8")))
    stage_imports = {m for m in imports if m.split(".")[0] in STAGES}
    assert stage_imports <= {f"{s}" for s in STAGES}  # `from <stage> import run as ...`
    assert all(m.split(".")[0] not in STAGES or m in STAGES for m in imports)


def test_every_package_says_what_it_is() -> None:
    missing = [
        p.relative_to(ROOT).as_posix()
        for package in ("flows", "ingest", "cluster", "triage", "curation", "infra")
        for p in [ROOT / package / "__init__.py"]
        if not (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert missing == []
