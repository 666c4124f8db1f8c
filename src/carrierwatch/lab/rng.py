"""Deterministic randomness for the lab: one named sub-stream per concern, plus fake secrets.

Every concern (the network plan, each device's config, each day's background, each planted action)
draws from its own ``random.Random`` seeded with ``"<seed>/<name>"``. Python seeds a Random from a
str through SHA-512, so the streams do not depend on ``PYTHONHASHSEED`` and adding a new concern
does not shift the numbers any other concern sees: the same seed and arguments give byte-identical
output.

The secrets are synthetic strings shaped like real Cisco/Juniper ones (Type 7 hex, ``$1$`` md5crypt,
``$8$`` PBKDF2, ``$9$`` scrypt, Junos ``$9$``). They are random characters and decode to nothing.
"""

from __future__ import annotations

import random

_CRYPT64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def substream(seed: int, name: str) -> random.Random:
    """A Random for one concern; independent of every other concern's stream."""
    return random.Random(f"{seed}/{name}")


def type7(rng: random.Random, length: int = 10) -> str:
    """Looks like a Cisco Type 7 string: two decimal digits (offset 00-15) then upper-case hex."""
    return f"{rng.randrange(16):02d}" + "".join(rng.choice("0123456789ABCDEF") for _ in range(length * 2))


def md5crypt(rng: random.Random) -> str:
    """Looks like a Type 5 / ``$1$`` md5crypt hash."""
    salt = "".join(rng.choice(_CRYPT64) for _ in range(4))
    return f"$1${salt}${''.join(rng.choice(_CRYPT64) for _ in range(22))}"


def type8(rng: random.Random) -> str:
    """Looks like a Type 8 (PBKDF2-SHA-256) ``$8$`` hash."""
    salt = "".join(rng.choice(_CRYPT64) for _ in range(14))
    return f"$8${salt}${''.join(rng.choice(_CRYPT64) for _ in range(43))}"


def type9(rng: random.Random) -> str:
    """Looks like a Type 9 (scrypt) ``$9$`` hash."""
    salt = "".join(rng.choice(_CRYPT64) for _ in range(14))
    return f"$9${salt}${''.join(rng.choice(_CRYPT64) for _ in range(43))}"


def junos9(rng: random.Random, length: int = 24) -> str:
    """Looks like a Junos ``$9$`` reversible secret (quoted in configs)."""
    return "$9$" + "".join(rng.choice(_CRYPT64[2:]) for _ in range(length))


def sha512crypt(rng: random.Random) -> str:
    """Looks like a ``$6$`` sha512crypt hash (Junos/EOS local users)."""
    salt = "".join(rng.choice(_CRYPT64) for _ in range(8))
    return f"$6${salt}${''.join(rng.choice(_CRYPT64) for _ in range(86))}"


def token(rng: random.Random, length: int) -> str:
    """Random base62 text (Zeek uids, serial numbers)."""
    return "".join(rng.choice(_B62) for _ in range(length))
