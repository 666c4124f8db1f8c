"""carrierwatch.lab: a synthetic carrier network with a planted Salt Typhoon intrusion and ground truth.

``generate_lab`` writes configs, ``show version`` outputs, syslog, TACACS+ accounting, nfdump flows,
Zeek conn.log, a STIX intel bundle, a workspace config and ``truth.json``; ``score`` / ``score_files``
measure a run's findings against the truth. Everything is synthetic: no real customer data, no real
credentials (secrets are random strings shaped like Cisco/Juniper hashes).
"""

from carrierwatch.lab.generate import LabSummary, generate_lab
from carrierwatch.lab.scenario import ACTIONS
from carrierwatch.lab.scoring import paths_match, score, score_files

__all__ = ["ACTIONS", "LabSummary", "generate_lab", "paths_match", "score", "score_files"]
