"""Verification codes: random, long enough, readable, and forgiving when typed back."""

import math
import random
import re
from collections import Counter

from certificates.codes import ALPHABET, BITS, code_format, code_generate, code_normalize


def test_codes_use_crockford_base32_without_look_alikes():
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    for _ in range(200):
        assert re.fullmatch(f"[{ALPHABET}]{{16}}", code_generate())


def test_codes_carry_at_least_60_bits():
    assert BITS == 16 * math.log2(len(ALPHABET)) >= 60


def test_codes_come_from_the_systems_random_source(monkeypatch):
    monkeypatch.setattr("certificates.codes.clock.system_rng", lambda: random.Random(11))
    assert code_generate() == code_generate(rng=random.Random(11))


def test_codes_look_random_every_symbol_used_evenly_and_no_repeats():
    rng = random.Random(2026)
    codes = [code_generate(rng=rng) for _ in range(4000)]
    assert len(set(codes)) == len(codes)
    counts = Counter("".join(codes))
    assert set(counts) == set(ALPHABET)
    expected = 4000 * 16 / 32
    # 2000 draws per symbol: a fair source stays well within ±15 %.
    assert all(abs(n - expected) < 0.15 * expected for n in counts.values())


def test_codes_are_shown_in_groups_of_four():
    assert code_format("7K3Q9XMDA2FHQ8RT") == "7K3Q-9XMD-A2FH-Q8RT"


def test_look_up_accepts_lower_case_spaces_missing_hyphens_and_look_alikes():
    stored = "7K3Q9XMDA2FH0111"
    for typed in [
        "7K3Q-9XMD-A2FH-0111",
        "7k3q-9xmd-a2fh-0111",
        "7K3Q 9XMD A2FH 0111",
        " 7k3q9xmda2fh0111 ",
        "7K3Q-9XMD-A2FH-OIL1",
        "7K3Q–9XMD–A2FH–o1l1",
    ]:
        assert code_normalize(typed) == stored, typed


def test_look_up_refuses_what_cannot_be_a_code():
    for typed in ["", "7K3Q-9XMD-A2FH", "7K3Q-9XMD-A2FH-0181-0", "7K3Q-9XMD-A2FH-01U1", "!" * 16]:
        assert code_normalize(typed) is None, typed
