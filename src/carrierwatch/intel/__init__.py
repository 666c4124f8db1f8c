"""Threat intel in: indicator readers, the indicator model and ATT&CK/actor knowledge."""
