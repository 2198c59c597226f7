"""dmnlaw — a standards-true DMN engine, and the law of 刑法第286条之一/第287条之二 as decision tables.

The public API is small::

    import dmnlaw
    model = dmnlaw.load("decisions/")
    result = model.evaluate({"conduct_date": "2017-06-01", ...})
"""
from __future__ import annotations

from .errors import CaseError, DmnlawError, FeelSyntaxError, ModelError

__all__ = ["load", "ModelError", "CaseError", "DmnlawError", "FeelSyntaxError"]
__version__ = "0.1.0"


def load(*paths, **options):
    """Load and compile a DMN model from files or folders; see :func:`dmnlaw.api.load`."""
    from .api import load as _load

    return _load(*paths, **options)
