"""Hypothesis strategies the tests share: facts for a model, drawn from its own input types."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st


def facts_for(model: Any, numbers: st.SearchStrategy[Any] | None = None, odd: bool = True,
              unknown: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Facts over the model's inputs: allowed values, ``numbers`` (by default integers,
    decimals and a few far out: 10**40, 0.0004, 1e100), booleans, dates, text, nulls, absent;
    with ``odd`` now and then a value of another type, with ``unknown`` now and then a fact
    the model does not have."""
    if numbers is None:
        numbers = st.one_of(st.integers(-10**6, 10**6), st.decimals(-10**6, 10**6, places=3),
                            st.sampled_from([0, 1, 10, 100, 1000, 5000, 10**40, Decimal("0.0004"), 1e100]))
    others = [st.sampled_from(["other", "", 7, 1.5, True, [1, "a"], {"a": 1}, "2019-02-30", 10**40])] if odd else []
    per_input: dict[str, st.SearchStrategy[Any]] = {}
    for name in model.input_names:
        kind, allowed = model.input_kind(name), model.allowed_values(name)
        if allowed:
            good = st.sampled_from(allowed)
        elif kind == "number":
            good = numbers
        elif kind == "boolean":
            good = st.booleans()
        elif kind == "date":
            good = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat())
        elif kind == "string":
            good = st.text(max_size=4)
        else:
            good = st.one_of(numbers, st.booleans(), st.text(max_size=3),
                             st.dictionaries(st.text(max_size=3), numbers, max_size=3))
        per_input[name] = st.one_of(good, good, good, st.none(), *others)
    present = st.fixed_dictionaries({}, optional=per_input)
    if not unknown:
        return present
    return st.one_of(present, present, present, present.map(lambda f: {**f, "no_such_fact": 1}))


def sample_facts(model: Any, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` fact sets the model accepts, drawn with ``random`` (for tests that want many
    plain cases, not hypothesis' search): each input given seven times in ten — an allowed
    value, a boolean, a number or a date by its type — and the doctrine left to the caller."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict[str, Any] = {}
        for name in model.input_names:
            if name == "doctrine" or r.random() < 0.3:
                continue
            kind, allowed = model.input_kind(name), model.allowed_values(name)
            if allowed:
                facts[name] = r.choice(allowed)
            elif kind == "boolean":
                facts[name] = r.random() < 0.5
            elif kind == "number":
                facts[name] = r.choice([0, 1, 2, 3, 5, 10, 50, 500, 5000, 50000, 1.5])
            elif kind == "date":
                facts[name] = f"20{r.randint(10, 22)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}"
        out.append(facts)
    return out
