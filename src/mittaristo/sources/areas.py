"""Area codes as the sources write them → (kind, code) of core.Area. Pure."""

import re

_PREFIXED = re.compile(r"^(KU|MK|HV)(\d+)$")
_KINDS = {"KU": "municipality", "MK": "region", "HV": "wellbeing_county"}
COUNTRY = ("country", "SSS")


def area_key(code: str) -> tuple[str, str] | None:
    """("municipality", "111") for "KU111" or "111"; None for an area kind we do not keep
    (a sub-region "SK011", an AVI area)."""
    code = str(code).strip().upper()
    if code == "SSS":
        return COUNTRY
    match = _PREFIXED.match(code)
    if match:
        return (_KINDS[match.group(1)], match.group(2))
    if code.isdigit() and len(code) == 3:
        return ("municipality", code)
    return None
