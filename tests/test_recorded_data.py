"""The recorded data stay as recorded, and each file's origin is written down.

data/recorded/SHA256SUMS holds the checksum of every recorded file as it was copied in; a file
edited, added or removed without its checksum (and its line in the README) fails here.
"""

import hashlib

from .conftest import RECORDED_DATA

NOTES = {"README.md", "SHA256SUMS", ".gitattributes"}


def recorded_files() -> set[str]:
    return {
        path.relative_to(RECORDED_DATA).as_posix()
        for path in RECORDED_DATA.rglob("*")
        if path.is_file() and path.name not in NOTES
    }


def test_every_recorded_file_is_unchanged():
    lines = (RECORDED_DATA / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(sums) == recorded_files()
    changed = [
        name
        for name, digest in sums.items()
        if hashlib.sha256((RECORDED_DATA / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == []


def test_the_readme_names_every_recorded_file():
    """In its folder's section, by its path below that folder (`oskari/SotkaRegions.json`)."""
    readme = (RECORDED_DATA / "README.md").read_text(encoding="utf-8")
    unnamed = [name for name in recorded_files() if f"`{name.split('/', 1)[1]}`" not in readme]
    assert unnamed == []
