"""Helpers every benchmark shares: where the data is, and which figures fall below their pinned floors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir(arg: str | None) -> tuple[Path, str]:
    """The data folder (--data, else $FRONTWATCH_DATA, else ../shared/data) and how to name it in messages."""
    if arg:
        return Path(arg), arg
    if env := os.environ.get("FRONTWATCH_DATA"):
        return Path(env), env
    return ROOT.parent / "shared" / "data", "../shared/data"


def floors(name: str, mode: str) -> dict[str, float]:
    """The pinned floors of benchmark `name` for `mode` (quick or full), from benchmarks/floors/NAME.json."""
    pinned = json.loads((ROOT / "benchmarks" / "floors" / f"{name}.json").read_text(encoding="utf-8"))
    return dict(pinned[mode])


def below_floor(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Names of the figures below their floor (a floor naming a missing figure fails too)."""
    return [
        f"{k}: {figures.get(k, float('nan')):.1f} < floor {v:.1f}"
        for k, v in sorted(floors.items())
        if not figures.get(k, float("-inf")) >= v
    ]


def gate(name: str, figures: dict[str, float], pinned: dict[str, float]) -> int:
    """--check: print each figure below its floor on stderr; 1 when any is, else 0."""
    failed = below_floor(figures, pinned)
    for line in failed:
        print(f"benchmark {name}: below floor: {line}", file=sys.stderr)
    return 1 if failed else 0
