r"""SymPy expressions printed as JavaScript, for the explorers that compute in the reader's browser.

The browser never gets a formula typed a second time: every formula an explorer
evaluates is printed here from a SymPy expression by SymPy's own
:class:`~sympy.printing.jscode.JavascriptCodePrinter`.  Before printing, the
expression is rewritten for floating point with SymPy's C99 optimisations
(:math:`\log(1 + x) \to \operatorname{log1p}(x)`,
:math:`e^x - 1 \to \operatorname{expm1}(x)`), and these map onto
``Math.log1p``/``Math.expm1``.  A loss whose definition still overflows or
cancels as written declares an equal *floating-point form*
(the ``float_form`` of :class:`lossbook.symbolic.SymbolicLoss`); the tests check that form
against the definition at 50 digits and the printed JavaScript, run under
Node.js, against lossbook on the hard input grids.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> javascript_function(sp.log(1 + x**2), {"x": x})
{'args': ['x'], 'body': 'return Math.log1p(Math.pow(x, 2));'}
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp
from sympy.codegen.cfunctions import expm1, hypot, log1p  # noqa: F401  (re-exported for float forms)
from sympy.codegen.rewriting import optimize, optims_c99
from sympy.printing.jscode import JavascriptCodePrinter

__all__ = ["javascript", "javascript_function", "for_floating_point", "hypot", "log1p", "expm1"]

#: Functions JavaScript's Math object has that SymPy's printer does not map itself.
_MATH_FUNCTIONS = {
    "log1p": "Math.log1p",
    "expm1": "Math.expm1",
    "hypot": "Math.hypot",
    "sinh": "Math.sinh",
    "cosh": "Math.cosh",
    "tanh": "Math.tanh",
    "sign": "Math.sign",
}


def for_floating_point(expr: sp.Expr) -> sp.Expr:
    """``expr`` with SymPy's C99 rewrites (log1p, expm1, …) applied where they match."""
    return optimize(expr, optims_c99)


def javascript(expr: sp.Expr, names: Mapping[sp.Symbol, str] | None = None) -> str:
    """One JavaScript expression computing ``expr``; symbols printed as ``names[symbol]``."""
    if names:
        expr = expr.xreplace({symbol: sp.Symbol(name, **symbol.assumptions0) for symbol, name in names.items()})
    printer = JavascriptCodePrinter({"user_functions": _MATH_FUNCTIONS, "strict": True})
    return " ".join(printer.doprint(for_floating_point(expr)).split())


def javascript_function(expr: sp.Expr, arguments: Mapping[str, sp.Symbol]) -> dict:
    """A JSON-ready function ``{"args": [...], "body": "return ...;"}`` of the named arguments.

    ``arguments`` maps each JavaScript argument name to the SymPy symbol it
    stands for; any other free symbol is an error, so nothing is left unbound.
    """
    unbound = expr.free_symbols - set(arguments.values())
    if unbound:
        raise ValueError(
            f"javascript_function: the expression uses {sorted(map(str, unbound))}, "
            f"which are not among the arguments {list(arguments)}; pass them as arguments"
        )
    body = javascript(expr, {symbol: name for name, symbol in arguments.items()})
    return {"args": list(arguments), "body": f"return {body};"}
