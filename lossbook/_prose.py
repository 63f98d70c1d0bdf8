"""Numbers quoted in the chapters' prose, formatted for people.

The chapters write computed numbers into their text with MyST's inline
``{eval}`` role, e.g. ``{eval}`fmt(cost, ".2f")` ``.  Jupyter Book (myst-nb)
and JupyterLab (jupyterlab-myst) both evaluate the expression in the kernel and
show its ``text/plain`` representation.  :func:`fmt` returns a :class:`Prose`
object whose representation is the formatted text itself -- no quotes, as a
plain ``str`` would show -- with scientific notation written as a power of ten
and negative signs written with the Unicode minus::

    >>> fmt(1e14, ".1e")
    1.0 × 10¹⁴
    >>> fmt(7e-05, ".1e")
    7.0 × 10⁻⁵
    >>> fmt(-6, "d")
    −6
    >>> fmt(0.4237, ".0%")
    42%
    >>> fmt("torch.nn.KLDivLoss()")
    torch.nn.KLDivLoss()
"""

from __future__ import annotations

import re

__all__ = ["Prose", "fmt", "listing"]

MINUS = "\u2212"
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_EXPONENT = re.compile(r"(\d(?:\.\d*)?)[eE]([+-]?)(\d+)")


class Prose:
    """Text that represents itself without quotes (``repr(p) == str(p)``)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = str(text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's text/plain
        printer.text(self.text)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.text)


def _power_of_ten(match: re.Match) -> str:
    mantissa, sign, digits = match.groups()
    exponent = digits.lstrip("0") or "0"
    if exponent == "0":
        return mantissa
    if sign == "-":
        exponent = "-" + exponent
    return f"{mantissa} × 10{exponent.translate(_SUPERSCRIPT)}"


def fmt(value, spec: str = "") -> Prose:
    """Format ``value`` with the format ``spec`` for reading in running text.

    Numbers (Python or NumPy) go through :func:`format` and are then rewritten:
    an exponent becomes a power of ten with superscript digits, a minus sign
    becomes the Unicode minus (U+2212) and infinities become ``∞``.  Strings
    and other objects are shown as they are (``str``), without quotes.

    Parameters
    ----------
    value : number, str or object
        What to show.
    spec : str, optional
        A format specification such as ``".2f"``, ``".0%"`` or ``"g"``.

    Returns
    -------
    Prose
        The text; its ``repr`` is the text itself.

    Examples
    --------
    >>> fmt(12.3456, ".2f"), fmt(-0.25, "+.1f"), fmt(0.5, "+.1f")
    (12.35, −0.2, +0.5)
    >>> fmt(2.5e-12, "g"), fmt(123456789.0, ".3g"), fmt(1e5, ".0e")
    (2.5 × 10⁻¹², 1.23 × 10⁸, 1 × 10⁵)
    >>> fmt(1234567, ","), fmt(float("-inf")), fmt(3)
    (1,234,567, −∞, 3)
    """
    if isinstance(value, str):
        return Prose(value)
    if isinstance(value, Prose):
        return value
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()  # NumPy scalars and 0-d arrays
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return Prose(format(value, spec))
    text = format(value, spec)
    text = _EXPONENT.sub(_power_of_ten, text)
    text = text.replace("inf", "∞").replace("-", MINUS)
    return Prose(text)


def listing(words) -> Prose:
    """``words`` as running text: ``"a"``, ``"a and b"``, ``"a, b and c"``; ``"none"`` if empty.

    >>> listing(["MSE", "Huber", "hinge"])
    MSE, Huber and hinge
    """
    words = [str(word) for word in words]
    if not words:
        return Prose("none")
    return Prose(words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1])


def counted(number: int, noun: str, plural: str | None = None) -> Prose:
    """``number`` of ``noun`` in running text: ``"no loss"``, ``"one loss"``, ``"3 losses"``.

    >>> counted(0, "loss", "losses"), counted(1, "loss", "losses"), counted(12, "loss", "losses")
    (no loss, one loss, 12 losses)
    """
    if number == 0:
        return Prose(f"no {noun}")
    if number == 1:
        return Prose(f"one {noun}")
    return Prose(f"{fmt(number)} {plural or noun + 's'}")
