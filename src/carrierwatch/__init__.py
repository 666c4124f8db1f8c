"""carrierwatch: audit, hunt and share for telecom network infrastructure."""

__version__ = "0.1.0"
