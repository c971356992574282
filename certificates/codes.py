"""Verification codes: random, Crockford base32, shown in groups, read back tolerantly.

16 symbols of a 32-symbol alphabet carry 80 bits from the operating system's
random source: far beyond what anyone could guess or enumerate at the
verification page's rate limit.
"""

import random

from common import clock

# Crockford's base32: no I, L, O or U, so nothing is mistaken for 1, 0 or V.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
BITS = LENGTH * 5

# What people type instead: look-alikes (Crockford's decoding rules) and separators.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\t\u00a0\u2010\u2011\u2012\u2013\u2014")


def code_generate(*, rng: random.Random | None = None) -> str:
    """A new random code, stored form (upper case, no separators).

    Drawn from the operating system's source unless a test passes its own `rng`.
    """
    rng = rng or clock.system_rng()
    return "".join(rng.choice(ALPHABET) for _ in range(LENGTH))


def code_format(code: str) -> str:
    """The stored code in groups for people: `7K3Q-9XMD-A2FH-Q8RT`."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_normalize(text: str) -> str | None:
    """The stored form of a code as typed or scanned, or None if it cannot be one.

    Accepts lower case, spaces, missing or extra hyphens and the look-alikes
    O→0, I/L→1.
    """
    candidate = (text or "").upper().translate(_SEPARATORS).translate(_LOOKALIKES)
    if len(candidate) != LENGTH or any(ch not in ALPHABET for ch in candidate):
        return None
    return candidate
