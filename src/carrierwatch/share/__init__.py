"""Sharing: STIX 2.1 export with TLP 2.0 and redaction, and a TAXII 2.1 hub with per-partner access (issue 7)."""
