"""Hypothesis strategies the tests share: facts for a model, drawn from its own input types."""
from __future__ import annotations

import datetime as dt
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
