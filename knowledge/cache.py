"""Where the package keeps what it derives from installed files (the sample base, the ONNX graph)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """``PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``, else ``~/.cache/persona``."""
    env = os.environ.get("PERSONA_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "persona"
