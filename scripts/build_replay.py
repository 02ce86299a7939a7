"""Build a folder for `mittaristo fetch --replay` from the recorded data in data/recorded/.

.venv/bin/python scripts/build_replay.py [data/recorded [var/replay]]
"""

import sys
from pathlib import Path

from mittaristo.sources.replay import build

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    recorded = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "data" / "recorded")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "var/replay")
    written = build(recorded, out)
    print(f"{len(written)} recorded answers in {out}")
