"""Numeric built-ins (DMN 1.5 §10.3.4.5, Table 76), and the number helpers other built-ins share.

Every result is a ``Decimal`` rounded to decimal128 (:data:`~dmnlaw.feel.values.CONTEXT`).
Arithmetic runs under :func:`decimal_builtin`, which makes ``CONTEXT`` the active context
(Python's default context has only 28 digits) and turns a decimal trap (overflow, an
impossible operation) into :class:`~dmnlaw.feel.values.InvalidArgument`.
"""
from __future__ import annotations

import decimal
import functools
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from ..values import CONTEXT, InvalidArgument, type_name
from . import builtin

# The scale of a decimal128 number, DMN 1.5 Table 76 footnote 1.
MIN_SCALE = -6111
MAX_SCALE = 6176


def decimal_builtin(name: str, *params: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a built-in like :func:`~dmnlaw.feel.builtins.builtin`, run under ``CONTEXT``.

    Inside the function plain operators (``a + b``, ``a / b``) round to 34 digits; a decimal
    trap raised by them becomes an :class:`InvalidArgument` naming the built-in.
    """

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def run(*args: Any) -> Any:
            try:
                with decimal.localcontext(CONTEXT):
                    return fn(*args)
            except decimal.DecimalException as exc:
                raise InvalidArgument(f"{name}(): {describe_decimal_error(exc)}") from None

        builtin(name, *params)(run)
        return fn

    return register


def describe_decimal_error(exc: decimal.DecimalException) -> str:
    """A short English description of a decimal trap, for warnings."""
    if isinstance(exc, decimal.Overflow):
        return "the result is too large for a FEEL number"
    if isinstance(exc, decimal.DivisionByZero):
        return "division by zero"
    return "the result is not a FEEL number"


def to_int(value: Decimal) -> int:
    """``value`` truncated toward zero.

    DMN asks for integer positions and scales; the TCK (1100, 1155) expects a fractional one
    to be truncated (``2.5`` → 2, ``-1.5`` → -1), which is what ``int()`` does.
    """
    return int(value)


def clean(value: Decimal) -> Decimal:
    """``value`` without a negative sign on zero (FEEL has no -0, DMN 1.5 §10.3.2.3.1)."""
    return value.copy_abs() if not value else value


def from_fraction(value: Fraction) -> Decimal:
    """An exact fraction as a FEEL number (rounded to 34 digits if it does not fit)."""
    return clean(CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator)))


def _scaled(fname: str, n: Decimal, scale: Decimal, rounding: str) -> Decimal:
    """``n`` with ``scale`` digits after the point, rounded with ``rounding``.

    Raises InvalidArgument when the scale is outside [-6111..6176].
    """
    s = to_int(scale)
    if not MIN_SCALE <= s <= MAX_SCALE:
        raise InvalidArgument(f"{fname}(): scale {s} is outside [{MIN_SCALE}..{MAX_SCALE}]")
    exponent = n.as_tuple().exponent
    assert isinstance(exponent, int)  # FEEL numbers are finite
    quantum = Decimal(1).scaleb(-s)
    if exponent >= -s:
        # Nothing to round. Padding with zeros may need more than 34 digits (scale 6176):
        # the value is then already exact at that scale, so it is returned unchanged.
        try:
            return clean(n.quantize(quantum, rounding=rounding, context=CONTEXT))
        except decimal.InvalidOperation:
            return clean(n)
    return clean(n.quantize(quantum, rounding=rounding, context=CONTEXT))


@decimal_builtin("decimal", "n:number", "scale:number")
def decimal_(n: Decimal, scale: Decimal) -> Decimal:
    """``n`` at ``scale``, rounding half to even; raises InvalidArgument for a bad scale."""
    return _scaled("decimal", n, scale, decimal.ROUND_HALF_EVEN)


@decimal_builtin("floor", "n:number", "scale:number=")
def floor(n: Decimal, scale: Decimal = Decimal(0)) -> Decimal:
    """``n`` rounded toward negative infinity at ``scale`` (default 0)."""
    return _scaled("floor", n, scale, decimal.ROUND_FLOOR)


@decimal_builtin("ceiling", "n:number", "scale:number=")
def ceiling(n: Decimal, scale: Decimal = Decimal(0)) -> Decimal:
    """``n`` rounded toward positive infinity at ``scale`` (default 0)."""
    return _scaled("ceiling", n, scale, decimal.ROUND_CEILING)


@decimal_builtin("round up", "n:number", "scale:number")
def round_up(n: Decimal, scale: Decimal) -> Decimal:
    """``n`` rounded away from zero at ``scale``."""
    return _scaled("round up", n, scale, decimal.ROUND_UP)


@decimal_builtin("round down", "n:number", "scale:number")
def round_down(n: Decimal, scale: Decimal) -> Decimal:
    """``n`` rounded toward zero at ``scale``."""
    return _scaled("round down", n, scale, decimal.ROUND_DOWN)


@decimal_builtin("round half up", "n:number", "scale:number")
def round_half_up(n: Decimal, scale: Decimal) -> Decimal:
    """``n`` rounded to nearest at ``scale``, ties away from zero."""
    return _scaled("round half up", n, scale, decimal.ROUND_HALF_UP)


@decimal_builtin("round half down", "n:number", "scale:number")
def round_half_down(n: Decimal, scale: Decimal) -> Decimal:
    """``n`` rounded to nearest at ``scale``, ties toward zero."""
    return _scaled("round half down", n, scale, decimal.ROUND_HALF_DOWN)


@decimal_builtin("abs", "n")
def abs_(n: Any) -> Any:
    """The absolute value of a number or of either kind of duration.

    Returns None for null; raises InvalidArgument for any other type.
    """
    if type(n) is list and len(n) == 1:  # implicit singleton-list conversion
        n = n[0]
    if n is None:
        return None
    if type(n) is Decimal:
        return n.copy_abs()
    if type_name(n) in ("days and time duration", "years and months duration"):
        return abs(n)
    raise InvalidArgument(f"abs(): expects a number or a duration, got {type_name(n)}")


@decimal_builtin("modulo", "dividend:number", "divisor:number")
def modulo(dividend: Decimal, divisor: Decimal) -> Decimal:
    """``dividend - divisor * floor(dividend / divisor)``: the sign follows the divisor.

    Computed exactly (a 34-digit quotient would lose the remainder of large dividends).
    Raises InvalidArgument for a zero divisor.
    """
    if not divisor:
        raise InvalidArgument("modulo(): the divisor is zero")
    a, b = Fraction(dividend), Fraction(divisor)
    return from_fraction(a - b * (a // b))


@decimal_builtin("sqrt", "number:number")
def sqrt(number: Decimal) -> Decimal:
    """The square root, correctly rounded to 34 digits; InvalidArgument for a negative number."""
    if number < 0:
        raise InvalidArgument(f"sqrt(): {number} is negative")
    return CONTEXT.sqrt(number)


@decimal_builtin("log", "number:number")
def log(number: Decimal) -> Decimal:
    """The natural logarithm to 34 digits; InvalidArgument unless the number is positive."""
    if number <= 0:
        raise InvalidArgument(f"log(): {number} is not positive")
    return CONTEXT.ln(number)


@decimal_builtin("exp", "number:number")
def exp(number: Decimal) -> Decimal:
    """e raised to ``number``, to 34 digits; InvalidArgument when the result overflows."""
    return clean(CONTEXT.exp(number))


def _parity(fname: str, number: Decimal) -> int:
    if number != number.to_integral_value():
        raise InvalidArgument(f"{fname}(): {number} is not an integer")
    return to_int(number) % 2


@decimal_builtin("odd", "number:number")
def odd(number: Decimal) -> bool:
    """Whether an integer is odd; InvalidArgument for a fraction."""
    return _parity("odd", number) == 1


@decimal_builtin("even", "number:number")
def even(number: Decimal) -> bool:
    """Whether an integer is even; InvalidArgument for a fraction."""
    return _parity("even", number) == 0
