"""Telemetry readers: raw syslog, AAA accounting and flow files -> typed Arrow tables.

Entry points: :func:`carrierwatch.telemetry.sniff.sniff` (what is this file?) and
:func:`carrierwatch.telemetry.readers.read_table` (parse it into the table its kind feeds).
The column contract lives in :mod:`carrierwatch.telemetry.schema`.
"""
