"""The application layer: what carrierwatch does, as importable functions that return typed results.

The CLI (``cli.py``, ``commands/*``), ``demo`` and any later front end (a web console, a Python user) call these;
they hold the business logic that used to live in the typer closures, never print and never exit:

- ``intake``: the intake registry (``Kind -> reader``) and ``collect``, the one loop that reads input files;
- ``runs``: ``hunt_workspace``, ``audit_workspace``, ``drift``, ``save_run`` -> ``RunReport``;
- ``intel``: ``import_intel``, ``pull_intel``, ``export_intel``, ``update_vulns``;
- ``share``: ``export_sightings``, ``publish_bundle``.

Modules are imported by name (``from carrierwatch.app.runs import hunt_workspace``) so that a command loads only
the rooms it needs.
"""
