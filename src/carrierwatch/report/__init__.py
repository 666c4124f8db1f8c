"""Outputs of a run: terminal tables, JSON, CSV and a self-contained HTML report.

Every renderer takes a :class:`carrierwatch.findings.RunResult`; :func:`render` picks one by name.
"""

from __future__ import annotations

from .csv_out import render_csv
from .html import render_html
from .render import FORMATS, render
from .table import print_all, print_findings, print_inputs, print_summary

__all__ = [
    "FORMATS",
    "render",
    "render_csv",
    "render_html",
    "print_all",
    "print_findings",
    "print_inputs",
    "print_summary",
]
