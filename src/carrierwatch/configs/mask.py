"""Mask secrets in config lines before they are shown, stored as evidence, or shared.

The masker itself is :mod:`carrierwatch.masking` (one table of secret syntaxes for every producer, at the
bottom of the flow so that :class:`~carrierwatch.findings.Evidence` can apply it); this module is its name
in the configs room, where the parsers and checks have always imported it from.
"""

from __future__ import annotations

from carrierwatch.masking import MASK, SYNTAXES, Syntax, mask_evidence, mask_secrets, mask_value

__all__ = ["MASK", "SYNTAXES", "Syntax", "mask_evidence", "mask_secrets", "mask_value"]
