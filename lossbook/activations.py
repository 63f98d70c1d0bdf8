r"""Output activations: sigmoid, tanh, softmax, log-softmax and logsumexp.

They turn a network's raw outputs (*logits*, *scores*) into numbers a loss can
read as probabilities (sigmoid, softmax) or as signed scores in
:math:`(-1, 1)` (tanh).  Each is computed in a form that never overflows and
keeps full relative accuracy where the naive formula loses it:

* ``sigmoid(z)`` uses :math:`1/(1+e^{-z})` for :math:`z \ge 0` and
  :math:`e^{z}/(1+e^{z})` for :math:`z < 0`, so :math:`e^{\pm z}` never
  exceeds 1 and tiny probabilities such as :math:`\sigma(-700)` are exact to
  the last digit instead of underflowing through :math:`1/(1+\infty)`.
* ``softmax``, ``log_softmax`` and ``logsumexp`` subtract the row maximum
  first, and ``log_softmax``/``logsumexp`` use :math:`\log(1+s)` through
  ``log1p`` so a class that wins by a wide margin gets a log-probability of
  :math:`-e^{-40}`, not 0.

The class axis is the last one unless ``axis`` says otherwise.
"""

from __future__ import annotations

import numpy as np

from ._numerics.validation import as_float_array, check_positive_param

__all__ = ["sigmoid", "tanh", "softmax", "log_softmax", "logsumexp"]


def _logits(z, func: str) -> np.ndarray:
    return as_float_array(z, "z", func=func)


def _check_axis(z: np.ndarray, axis, func: str) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer for {func}; found {axis!r}")
    if z.ndim == 0:
        raise ValueError(
            f"z must have at least one axis (the classes) for {func}; found a scalar {float(z)!r}"
        )
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be in [-{z.ndim}, {z.ndim - 1}] for {func} on z of shape {z.shape}; found {axis}")
    return int(axis) % z.ndim


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1/(1+e^{-z})`, elementwise.

    Squashes any real number into :math:`(0, 1)`, so one output node can be
    read as the probability of the positive class; :math:`1 - \sigma(z) =
    \sigma(-z)` is then the probability of the negative class.

    Parameters
    ----------
    z : array_like
        Logits, any shape, finite.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(z)`, same shape; float32 kept, anything else float64.

    Raises
    ------
    ValueError
        If ``z`` is empty or holds NaN or infinity.
    TypeError
        If ``z`` holds anything but real numbers.

    Notes
    -----
    .. math:: \sigma(z) = \frac{1}{1+e^{-z}} = \frac{e^{z}}{1+e^{z}},
              \qquad \sigma'(z) = \sigma(z)\,\bigl(1-\sigma(z)\bigr).

    The first form is evaluated for :math:`z \ge 0` and the second for
    :math:`z<0`: both only ever exponentiate a non-positive number, so
    nothing overflows and both tails keep full relative accuracy.  In
    float64, :math:`\sigma(z)` rounds to exactly 1 for :math:`z > 36.7`
    (and is subnormal below :math:`z \approx -708`).

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press, 2016,
    section 6.2.2.2.

    Examples
    --------
    >>> from lossbook import sigmoid
    >>> sigmoid([0.0, 2.0, -2.0]).round(4)
    array([0.5   , 0.8808, 0.1192])
    >>> float(sigmoid(-700.0))
    9.85967654375977e-305
    >>> float(1 - sigmoid(40.0)), float(sigmoid(-40.0))   # 1 - σ(z) vs σ(-z)
    (0.0, 4.248354255291589e-18)
    """
    x = _logits(z, "sigmoid")
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh(z)`, elementwise: a score in :math:`(-1, 1)`.

    The output activation that pairs with the hinge loss and labels
    :math:`\pm 1`.  It is a rescaled sigmoid, :math:`\tanh(z) = 2\sigma(2z) - 1`.

    Parameters
    ----------
    z : array_like
        Logits, any shape, finite.

    Returns
    -------
    numpy.ndarray
        Same shape; float32 kept, anything else float64.

    Raises
    ------
    ValueError
        If ``z`` is empty or holds NaN or infinity.
    TypeError
        If ``z`` holds anything but real numbers.

    Notes
    -----
    .. math:: \tanh z = \frac{e^{z}-e^{-z}}{e^{z}+e^{-z}},
              \qquad \tanh'(z) = 1 - \tanh^2 z .

    Computed by :func:`numpy.tanh`, which is accurate over the whole range.

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press, 2016,
    section 6.3.2.

    Examples
    --------
    >>> from lossbook import tanh
    >>> tanh([0.0, 1.0, -1.0]).round(4)
    array([ 0.    ,  0.7616, -0.7616])
    """
    return np.tanh(_logits(z, "tanh"))


def logsumexp(z, *, axis: int = -1):
    r"""Log of the sum of exponentials, :math:`\log\sum_k e^{z_k}`, along ``axis``.

    The normaliser of the softmax in log space, and a smooth maximum:
    :math:`\max_k z_k \le \operatorname{logsumexp}(z) \le \max_k z_k + \log K`.

    Parameters
    ----------
    z : array_like
        Logits with at least one axis; finite.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        ``z``'s shape without ``axis``; float32 kept, anything else float64.

    Raises
    ------
    ValueError
        If ``z`` is empty, a scalar, or holds NaN or infinity, or ``axis`` is out of range.
    TypeError
        If ``z`` holds anything but real numbers or ``axis`` is not an integer.

    Notes
    -----
    With :math:`m = \max_k z_k` attained at :math:`k^*`,

    .. math:: \operatorname{logsumexp}(z) = m + \log\Bigl(1 + \sum_{k\ne k^*} e^{z_k - m}\Bigr),

    evaluated with ``log1p``: no exponential exceeds 1, and a winner by a
    wide margin keeps the tiny excess :math:`\log(1+s) \approx s` exactly.

    References
    ----------
    Blanchard, Higham and Higham, "Accurately computing the log-sum-exp and
    softmax functions", *IMA Journal of Numerical Analysis* 41(4), 2021.

    Examples
    --------
    >>> from lossbook import logsumexp
    >>> float(logsumexp([1000.0, 1000.0]))      # naive: log(inf)
    1000.6931471805599
    """
    x = _logits(z, "logsumexp")
    axis = _check_axis(x, axis, "logsumexp")
    shift, tail = _shift_and_tail(np.moveaxis(x, axis, -1))
    return shift + np.log1p(tail)


def softmax(z, *, axis: int = -1, temperature: float = 1.0):
    r"""Softmax :math:`e^{z_k/T}/\sum_j e^{z_j/T}` along ``axis``: a probability vector.

    Turns :math:`K` logits into :math:`K` probabilities that are positive and
    sum to 1; the largest logit gets the largest share, and the exponential
    makes the shares grow geometrically with the logit differences.

    Parameters
    ----------
    z : array_like
        Logits with at least one axis; finite.
    axis : int, optional
        The class axis (default: the last).
    temperature : float, optional
        :math:`T > 0`; values above 1 flatten the distribution, below 1
        sharpen it towards the arg-max (default 1).

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; float32 kept, anything else float64.

    Raises
    ------
    ValueError
        If ``z`` is empty, a scalar, or holds NaN or infinity, ``axis`` is out
        of range, or ``temperature`` is not a finite positive number.
    TypeError
        If ``z`` holds anything but real numbers.

    Notes
    -----
    .. math:: \operatorname{softmax}(z)_k = \frac{e^{z_k/T}}{\sum_{j=1}^K e^{z_j/T}}
              = \frac{e^{(z_k - m)/T}}{\sum_{j} e^{(z_j-m)/T}},\quad m = \max_j z_j .

    The second form is evaluated: every exponential is at most 1, so
    ``softmax([1000, 0])`` is ``[1, 0]`` rather than ``nan``.  Adding the same
    constant to every logit leaves the result unchanged.

    References
    ----------
    Bridle, "Probabilistic interpretation of feedforward classification
    network outputs", in *Neurocomputing*, Springer, 1990.
    Hinton, Vinyals and Dean, "Distilling the knowledge in a neural network",
    arXiv:1503.02531, 2015 (temperature).

    Examples
    --------
    >>> from lossbook import softmax
    >>> softmax([2.0, 1.0, 0.1]).round(3)
    array([0.659, 0.242, 0.099])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    """
    x = _logits(z, "softmax")
    axis = _check_axis(x, axis, "softmax")
    temperature = check_positive_param(temperature, "temperature", func="softmax")
    x = np.moveaxis(x, axis, -1)
    if temperature != 1.0:
        with np.errstate(over="ignore"):
            x = x / x.dtype.type(temperature)
        if not np.isfinite(x).all():
            raise ValueError(f"z / temperature overflows for softmax; found temperature={temperature!r}")
    with np.errstate(under="ignore"):
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return np.moveaxis(e / np.sum(e, axis=-1, keepdims=True), -1, axis)


def log_softmax(z, *, axis: int = -1):
    r"""Log-probabilities :math:`\log\operatorname{softmax}(z)_k = z_k - \operatorname{logsumexp}(z)`.

    What cross-entropy from logits needs: :math:`-\log p_k` without ever
    forming :math:`p_k`, which underflows to 0 long before its logarithm
    overflows.

    Parameters
    ----------
    z : array_like
        Logits with at least one axis; finite.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``, all :math:`\le 0`; float32 kept, anything else float64.

    Raises
    ------
    ValueError
        If ``z`` is empty, a scalar, or holds NaN or infinity, or ``axis`` is out of range.
    TypeError
        If ``z`` holds anything but real numbers.

    Notes
    -----
    With :math:`m = \max_j z_j` attained at :math:`j^*` and
    :math:`s = \sum_{j \ne j^*} e^{z_j - m}`,

    .. math:: \log\operatorname{softmax}(z)_k = (z_k - m) - \log(1 + s) .

    Both parts are :math:`\le 0`, so they add without cancellation, and
    ``log1p`` keeps :math:`\log(1+s)` exact when :math:`s` is tiny.

    References
    ----------
    Blanchard, Higham and Higham, "Accurately computing the log-sum-exp and
    softmax functions", *IMA Journal of Numerical Analysis* 41(4), 2021.

    Examples
    --------
    >>> from lossbook import log_softmax
    >>> log_softmax([1000.0, 0.0])                # naive: [nan, -inf]
    array([    0., -1000.])
    >>> float(log_softmax([40.0, 0.0])[0])        # -exp(-40), not 0
    -4.248354255291589e-18
    """
    x = _logits(z, "log_softmax")
    axis = _check_axis(x, axis, "log_softmax")
    x = np.moveaxis(x, axis, -1)
    shift, tail = _shift_and_tail(x)
    return np.moveaxis((x - shift[..., None]) - np.log1p(tail)[..., None], -1, axis)


def _shift_and_tail(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row maxima ``m`` and ``s = sum of exp(x - m)`` over all but one arg-max (class axis last).

    ``logsumexp = m + log1p(s)``; leaving the arg-max's own ``exp(0) = 1`` out
    of the sum is what lets ``log1p`` keep a tiny ``s`` exactly.
    """
    winner = np.argmax(x, axis=-1)[..., None]
    shift = np.take_along_axis(x, winner, axis=-1)
    with np.errstate(under="ignore"):
        e = np.exp(x - shift)
    np.put_along_axis(e, winner, 0.0, axis=-1)
    return shift[..., 0], np.sum(e, axis=-1)
