"""Reading a ``show version`` capture into the facts the CVE matcher needs, next to the parser in ``version.py``.

The file is named after its device (``pe1-nyc.txt`` -> ``pe1-nyc``), as ``lab generate`` and RANCID-style
collections store them; the parser (:func:`~carrierwatch.configs.version.parse_show_version`) never raises, so
an output without a version is one rejected record with its reason, and an unreadable file sets the account's
error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carrierwatch.configs.version import parse_show_version
from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.textfile import read_whole_text


def read_show_version(path: Path, acc: InputAccount) -> tuple[str, dict[str, Any]] | None:
    """(device name, {"os", "version", "model"}) from one ``show version`` file, or None (accounted)."""
    text = read_whole_text(path, acc)
    if text is None:
        return None
    info = parse_show_version(text)
    if info is None or not getattr(info, "version", None):
        acc.reject("no version found in show version output", 1)
        return None
    acc.accept()
    return path.stem.lower(), {"os": info.os, "version": info.version, "model": getattr(info, "model", None)}
