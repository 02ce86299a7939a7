"""Build a folder for `mittaristo fetch --replay` from the recorded data in ../shared/data.

.venv/bin/python scripts/build_replay.py ../shared/data var/replay
"""

import sys
from pathlib import Path

from mittaristo.sources.replay import build

if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "var/replay")
    written = build(shared, out)
    print(f"{len(written)} recorded answers in {out}")
