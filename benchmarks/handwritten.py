"""The benchmark tables of benchmarks/models/, written by hand as Python ``if``/``elif``.

What a programmer would write instead of a DMN model: plain comparisons on the values the
caller passes (str, int/float, bool), no validation, no trace. The benchmark checks that
these give the same answers as the engine on every sample before timing either.
"""
from __future__ import annotations


def first_rule(category: str, channel: str, amount: float, member: bool) -> str:
    """benchmarks/models/first_table.dmn: hit policy FIRST, 20 rules."""
    if category == "A" and channel == "web" and amount >= 100000 and member is True:
        return "A1"
    if category == "A" and 50000 <= amount < 100000:
        return "A2"
    if category in ("A", "B") and channel == "branch" and 20000 < amount <= 50000 and member is False:
        return "A3"
    if category == "A" and amount < 1000:
        return "A4"
    if category == "B" and channel == "phone" and amount > 75000:
        return "B1"
    if category == "B" and 10000 <= amount <= 75000 and member is True:
        return "B2"
    if category == "B" and channel in ("web", "branch") and 1000 < amount < 10000:
        return "B3"
    if category == "B" and amount <= 1000 and member is False:
        return "B4"
    if category == "C" and amount >= 250000:
        return "C1"
    if category == "C" and channel == "web" and 5000 <= amount < 250000 and member is True:
        return "C2"
    if category == "C" and channel != "web" and 5000 < amount < 250000:
        return "C3"
    if category == "C" and amount <= 5000 and member is True:
        return "C4"
    if category == "D" and channel == "branch" and member is True:
        return "D1"
    if category == "D" and 100 < amount <= 1000:
        return "D2"
    if category == "D" and channel == "phone" and amount > 1000 and member is False:
        return "D3"
    if category == "D" and 0 <= amount <= 100:
        return "D4"
    if amount < 0:
        return "negative"
    if channel == "web" and member is True:
        return "web member"
    if member is False:
        return "guest"
    return "other"


def unique_rule(category: str, channel: str, amount: float, member: bool) -> str | None:
    """benchmarks/models/unique_table.dmn: hit policy UNIQUE, 20 disjoint rules."""
    if category == "A":
        if amount < 1000:
            return "A-1"
        elif amount < 5000:
            return "A-2"
        elif amount <= 20000:
            return "A-3"
        elif amount < 100000:
            return "A-4"
        else:
            return "A-5"
    elif category == "B":
        if amount <= 999:
            return "B-1"
        elif amount <= 5000:
            return "B-2"
        elif amount < 20000:
            return "B-3"
        elif amount <= 100000:
            return "B-4"
        else:
            return "B-5"
    elif category == "C":
        if member:
            if amount < 2500:
                return "C-1"
            elif amount <= 10000:
                return "C-2"
            else:
                return "C-3"
        elif channel == "web":
            return "C-4"
        else:
            return "C-5"
    elif category == "D":
        if channel == "web":
            return "D-1" if amount <= 499 else "D-2"
        elif channel == "branch":
            return "D-3"
        else:
            return "D-4" if member else "D-5"
    return None


def risk(amount: float, member: bool) -> str:
    if amount < 1000:
        return "low"
    elif amount < 50000:
        return "low" if member else "medium"
    else:
        return "medium" if member else "high"


def score(category: str, channel: str) -> int:
    if category == "A":
        return 8 if channel == "web" else 6
    if category == "B" and channel == "branch":
        return 5
    if category in ("B", "C"):
        return 4
    if channel == "phone":
        return 2
    return 1


def offer(category: str, channel: str, amount: float, member: bool) -> str:
    """benchmarks/models/drg.dmn: two tables and a literal expression over them."""
    r = risk(amount, member)
    s = score(category, channel)
    if r == "high":
        return "decline"
    elif s >= 5 and r == "low":
        return "premium"
    elif s >= 4:
        return "standard"
    return "basic"
