r"""Adversarial (GAN) losses: what the discriminator (critic) and the generator each minimise.

Every function takes the discriminator's **raw outputs** — scores, logits for
the cross-entropy losses — never probabilities: ``real_scores`` are
:math:`D(x)` on real samples, ``fake_scores`` are :math:`D(G(z))` on
generated ones.  A discriminator loss takes both (the same shape: one real
and one generated sample per element, as in a training batch); a generator
loss takes only ``fake_scores``.  ``reduction="none"`` returns the per-element
losses, ``"mean"`` (the default) their mean — for a discriminator loss, the
mean real term plus the mean fake term, which is how every framework reports
it — and ``"sum"`` their sum.

==========================================  ==================================================================
function                                    per element (:math:`r = D(x)`, :math:`f = D(G(z))`)
==========================================  ==================================================================
:func:`minimax_discriminator_loss`          :math:`\operatorname{softplus}(-r) + \operatorname{softplus}(f)`
:func:`minimax_generator_loss`              :math:`-\operatorname{softplus}(f) = \log(1 - \sigma(f))` (saturates)
:func:`non_saturating_generator_loss`       :math:`\operatorname{softplus}(-f) = -\log\sigma(f)`
:func:`least_squares_discriminator_loss`    :math:`\tfrac12 (r - 1)^2 + \tfrac12 f^2`
:func:`least_squares_generator_loss`        :math:`\tfrac12 (f - 1)^2`
:func:`wasserstein_critic_loss`             :math:`f - r`
:func:`wasserstein_generator_loss`          :math:`-f` (also the hinge GAN's generator loss)
:func:`hinge_discriminator_loss`            :math:`\max(0, 1 - r) + \max(0, 1 + f)`
==========================================  ==================================================================

:math:`\operatorname{softplus}(t) = \log(1 + e^t)` is evaluated as
:math:`\max(t, 0) + \operatorname{log1p}(e^{-|t|})`, so logits of
:math:`\pm 10^4` (a saturated discriminator) give the exact loss, never
``inf`` or NaN; a sigmoid followed by a log would give both.
:func:`gradient_penalty` is the WGAN-GP term computed from critic gradients.

The losses are computed block by block (lossbook._numerics.blocks, kernels in
lossbook.losses._adversarial_kernels): the same per-element operations, so
the same per-element bits, with a megabyte or so of buffers whatever the
size; a NaN, an infinity or an overflow sends the call to the careful path,
which validates each argument and names the bad element.  Float arrays of
one block are computed as they are (lossbook._numerics.blocks.one_block), a few
float64 numbers in Python floats (lossbook.losses._python_floats): the same
bits.

``sample_weight`` weighs the per-element losses (the shape ``"none"``
returns, or a leading part of it).  For a discriminator loss an element is a
*pair* — the real sample and the generated sample at the same index — and
its weight multiplies both terms: ``"mean"`` is
:math:`\sum_n w_n(\ell_{\text{real},n} + \ell_{\text{fake},n}) / \sum_n w_n`,
the weighted mean real term plus the weighted mean fake term with the same
weights.  Separate weights for the real and the generated batch (TF-GAN's
``real_weights`` and ``generated_weights``) are not one weight per element
and are not offered.
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from . import _adversarial_kernels as _kernels
from ._class_inputs import softplus_pair
from . import _multiclass_small, _python_floats
from ._multiclass_blocks import row_sums
from ._multiclass_small import pairwise_sum
from ._weighting import weighted_call
from .._numerics.blocks import block_losses, fast_arrays, one_block, plain_dtype
from .._numerics.calls import checked_call
from .._numerics.reduction import reduce_losses
from .._numerics.validation import REDUCTIONS, as_float_array, check_reduction, check_same_shape

__all__ = [
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_generator_loss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
    "hinge_discriminator_loss",
    "gradient_penalty",
]

_PROBABILITY_HINT = (" — these are the discriminator's raw outputs (logits); if you applied a sigmoid, "
                     "pass the values before it")


def _scores(values: dict, reduction, *, func: str):
    """Validate ``reduction`` and the named score arrays; return them in their common float dtype."""
    check_reduction(reduction, func=func)
    arrays = [as_float_array(value, name, func=func) for name, value in values.items()]
    if len(arrays) == 2:
        check_same_shape(*arrays, func=func, names=tuple(values))
    dtype = np.result_type(*arrays)
    return [array.astype(dtype, copy=False) for array in arrays]


def _as_they_are(kernel, plain: tuple, dtype, reduction, n_scratch: int, small, params: dict):
    """:func:`_fast` on arrays that one block takes as they are (``dtype``: theirs, from ``plain_dtype``)."""
    if small is not None and dtype is _FLOAT64 and plain[0].size <= _python_floats.SMALL:
        result = _python_floats.python_losses(small, plain, reduction)
        if result is not None:
            return result
    return one_block(kernel, plain, reduction, n_scratch, params)


def _fast(kernel, values: dict, reduction, *, func: str, n_scratch: int = 1, small=None, **params):
    """The loss by ``kernel`` block by block (lossbook._numerics.blocks), or ``None``: take the careful path.

    No finiteness pass: a NaN or infinity, a shape mismatch, anything the
    conversion refuses or a total that is not finite returns ``None``, and
    the careful path raises the error that names it (or handles the overflow).
    ``small`` is the kernel's formula in Python floats, for a few float64
    numbers (lossbook.losses._python_floats).
    """
    plain = tuple(values.values())
    dtype = plain_dtype(plain, reduction)
    if dtype is not None and plain[0].ndim:  # one block as it is (a scalar: below)
        return _as_they_are(kernel, plain, dtype, reduction, n_scratch, small, params)
    arrays = fast_arrays(reduction, func, *((value, name, False) for name, value in values.items()))
    if arrays is None or any(array.shape != arrays[0].shape for array in arrays):
        return None
    dtype = np.result_type(*arrays)
    flat = [array.astype(dtype, copy=False).reshape(-1) for array in arrays]
    done = block_losses(functools.partial(kernel, **params) if params else kernel, flat, dtype, reduction, n_scratch)
    if done is None:
        return None
    cost, losses = done
    shape = arrays[0].shape
    if losses is None:
        return cost
    return losses.reshape(shape) if shape else losses[0]  # a scalar input's loss is a scalar, as ufuncs give it


#: A halved sum below this (times the dtype's smallest normal) may hold rounded subnormal squares: not halved.
_HALVING_MARGIN = 2.0 ** 60


def _halved(kernel, values: dict, reduction, *, func: str, n_scratch: int = 0):
    r"""Half the sum (or mean) of ``kernel``'s doubled losses :math:`2\ell`; ``None``: take the usual path.

    Halving is exact in binary floating point, so
    :math:`\tfrac12\,\mathrm{fl}(d^2) = \mathrm{fl}(\tfrac12 d\cdot d)` and half
    of every (compensated, pairwise) sum of doubled terms is the same sum of
    the terms — bit for bit while the squares are normal numbers.  A square
    below the smallest normal :math:`\nu` may round once more; each such
    term is then off by at most half a subnormal step, :math:`2^{-53}\nu`,
    so a result of at least :math:`2^{60}\nu` differs from the usual path's
    by a relative :math:`n\,2^{-113}` at most (:math:`n` terms, float64;
    :math:`n\,2^{-84}` for float32: far below its rounding).  Smaller results take
    the usual path; ``reduction`` is ``"mean"`` or ``"sum"``.
    """
    doubled = _fast(kernel, values, reduction, func=func, n_scratch=n_scratch)
    if doubled is None or not doubled >= _HALVING_MARGIN * np.finfo(doubled.dtype).tiny:
        return None
    return doubled * 0.5


def _least_squares(doubled_kernel, kernel, values: dict, reduction, *, func: str, small):
    """A least-squares loss's fast paths: ``kernel``'s losses (``small``: its Python-float formula) for arrays one
    block takes as they are and for ``reduction="none"``, else :func:`_halved` of ``doubled_kernel``'s where it
    answers, else ``kernel``'s block by block; ``None``: take the careful path."""
    plain = tuple(values.values())
    dtype = plain_dtype(plain, reduction)
    if dtype is not None and plain[0].ndim:
        return _as_they_are(kernel, plain, dtype, reduction, 0, small, {})
    if reduction != "none" and dtype is None:
        result = _halved(doubled_kernel, values, reduction, func=func)
        if result is not None:
            return result
    return _fast(kernel, values, reduction, func=func, n_scratch=0, small=small)


def _check_smoothing(value, *, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"label_smoothing must be a real number in [0, 1] for {func}; found {value!r}")
    value = float(value)
    if not 0 <= value <= 1:
        raise ValueError(f"label_smoothing must lie in [0, 1] for {func}; found {value!r} "
                         "(0 is no smoothing; TF-GAN's minimax default is 0.25)")
    return value


_DOC_PARTS = {
    "{generator parameters}": r"""    Parameters
    ----------
    fake_scores : array_like
        The discriminator's (critic's) raw outputs :math:`D(G(z))` on generated samples: logits, no sigmoid.
    sample_weight : array_like, optional
        Weights :math:`w_n \ge 0` of the elements: ``fake_scores``'s shape or a leading part of it
        (one weight per sample, a scalar).  ``"mean"`` is then :math:`\sum_n w_n\ell_n / \sum_n w_n`
        (scikit-learn's and Keras's ``"mean_with_sample_weight"`` convention), ``"sum"``
        :math:`\sum_n w_n\ell_n`, ``"none"`` :math:`w_n\ell_n`.
    reduction : {"mean", "sum", "none"}, optional
        ``"none"`` returns one loss per element, ``"mean"`` (default) their mean.""",
    "{pair parameters}": r"""    Parameters
    ----------
    real_scores : array_like
        The discriminator's (critic's) raw outputs :math:`D(x)` on real samples: logits, no sigmoid.
    fake_scores : array_like
        Its raw outputs :math:`D(G(z))` on generated samples, the same shape.
    sample_weight : array_like, optional
        Weights :math:`w_n \ge 0` of the pairs (real sample :math:`n`, generated sample :math:`n`): the
        scores' shape or a leading part of it (a scalar).  Each weight multiplies both terms of its
        pair; ``"mean"`` is :math:`\sum_n w_n\ell_n / \sum_n w_n`, the weighted mean real term plus
        the weighted mean fake term (scikit-learn's and Keras's weighted-mean convention), ``"sum"``
        :math:`\sum_n w_n\ell_n`, ``"none"`` :math:`w_n\ell_n`.  TF-GAN's ``real_weights`` and
        ``generated_weights`` equal to the same 0/1 weights give this ``"mean"`` (its default
        reduction divides by the number of non-zero weights).
    reduction : {"mean", "sum", "none"}, optional
        ``"none"`` returns one loss per element, ``"mean"`` (default) the mean real term plus the
        mean fake term.""",
    "{references: goodfellow}": """    References
    ----------
    Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.""",
    "{references: mao}": """    References
    ----------
    Mao et al., "Least Squares Generative Adversarial Networks", ICCV 2017.""",
    "{references: arjovsky}": """    References
    ----------
    Arjovsky, Chintala and Bottou, "Wasserstein Generative Adversarial Networks", ICML 2017.""",
}


def _shared_doc(function):
    """Write the parameter paragraphs the GAN losses share into ``function``'s docstring."""
    for marker, text in _DOC_PARTS.items():
        function.__doc__ = function.__doc__.replace("    " + marker, text)
    return function


@checked_call
@_shared_doc
def minimax_discriminator_loss(real_scores, fake_scores, *, label_smoothing: float = 0.0, sample_weight=None,
                               reduction: str = "mean"):
    r"""The discriminator's loss of the original (minimax) GAN, from logits.

    Binary cross-entropy with label 1 for real samples and 0 for generated
    ones (Goodfellow et al. 2014):

    .. math:: \ell(r, f) = -\bigl[(1 - \tfrac{s}{2})\log\sigma(r) + \tfrac{s}{2}\log(1 - \sigma(r))\bigr]
              - \log(1 - \sigma(f)),

    with :math:`r = D(x)` and :math:`f = D(G(z))` logits and
    :math:`s` = ``label_smoothing``: the real label 1 becomes
    :math:`1 - s/2` (labels smoothed towards 1/2, the convention of
    ``tf.compat.v1.losses.sigmoid_cross_entropy`` and Keras's
    ``BinaryCrossentropy``).  TF-GAN's ``minimax_discriminator_loss`` passes
    ``label_smoothing=0.25`` by default, so its real target is **0.875**,
    not 0.75; lossbook's default is no smoothing.

    Parameters
    ----------
    real_scores : array_like
        Logits :math:`D(x)` on real samples.
    fake_scores : array_like
        Logits :math:`D(G(z))` on generated samples, the same shape.
    label_smoothing : float, optional
        :math:`s \in [0, 1]`; default 0.
    sample_weight : array_like, optional
        Weights :math:`w_n \ge 0` of the pairs (real sample :math:`n`, generated sample :math:`n`),
        each multiplying both terms: see :func:`least_squares_discriminator_loss`.
    reduction : {"mean", "sum", "none"}, optional
        ``"none"``: per-element losses of the inputs' shape.

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.minimax_discriminator_loss()``:

    .. math:: \ell\left(D(x), D(G(z)); s\right) = - \left(1 - \frac{s}{2}\right) \log{\left(\sigma{\left(D(x) \right)} \right)} - \frac{s}{2} \log{\left(1 - \sigma{\left(D(x) \right)} \right)} - \log{\left(1 - \sigma{\left(D(G(z)) \right)} \right)}

    Computed as :math:`(1 - \tfrac s2)\operatorname{softplus}(-r) + \tfrac s2\operatorname{softplus}(r)
    + \operatorname{softplus}(f)`: exact for logits of :math:`\pm10^4`.  A
    sigmoid output followed by a probability BCE returns ``inf`` (or is
    clipped) there.

    {references: goodfellow}
    Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016 (label smoothing).

    Examples
    --------
    >>> float(minimax_discriminator_loss([0.0], [0.0]))  # D cannot tell: 2 log 2
    1.3862943611198906
    """
    func = "minimax_discriminator_loss"
    smoothing = _check_smoothing(label_smoothing, func=func)
    if sample_weight is not None:
        return weighted_call(minimax_discriminator_loss, (real_scores, fake_scores), sample_weight, reduction,
                             independent_rows=True, label_smoothing=smoothing)
    result = _small_minimax(real_scores, fake_scores, smoothing, reduction)
    if result is None:
        result = _fast(_kernels.minimax_discriminator, {"real_scores": real_scores, "fake_scores": fake_scores},
                       reduction, func=func, smoothing=smoothing)
    if result is not None:
        return result
    real, fake = _scores({"real_scores": real_scores, "fake_scores": fake_scores}, reduction, func=func)
    real_term, real_other = softplus_pair(real)  # -log sigma(r), -log(1 - sigma(r))
    _, fake_term = softplus_pair(fake)  # -log(1 - sigma(f))
    losses = (1 - smoothing / 2) * real_term + fake_term
    if smoothing:
        losses = losses + (smoothing / 2) * real_other
    return reduce_losses(losses.astype(real.dtype, copy=False), reduction)


_FLOAT64 = np.dtype(np.float64)


def _small_minimax(real_scores, fake_scores, smoothing: float, reduction):
    """:func:`minimax_discriminator_loss` of small float64 arrays in Python floats, bit for bit; ``None`` to fall back.

    The same operations as the general path (``softplus_pair``'s
    ``max(-z, 0) + log1p(exp(-|z|))``, one NumPy call for all the
    exponentials and one for the ``log1p``), the sum in NumPy's pairwise
    order.  A NaN or infinity, or a total that is not finite, falls back.
    """
    if (type(real_scores) is not np.ndarray or type(fake_scores) is not np.ndarray
            or real_scores.dtype is not _FLOAT64 or fake_scores.dtype is not _FLOAT64
            or real_scores.shape != fake_scores.shape or not 0 < real_scores.size <= _multiclass_small.SMALL
            or real_scores.ndim == 0 or reduction not in REDUCTIONS):
        return None
    real, fake = real_scores.ravel().tolist(), fake_scores.ravel().tolist()
    if not math.isfinite(sum(real) + sum(fake)):
        return None
    exponents = [-abs(score) for score in real + fake]
    if min(exponents) >= -708.0:  # exp is a normal number: no underflow flag
        tails = np.log1p(np.exp(np.array(exponents, _FLOAT64))).tolist()
    else:
        with np.errstate(under="ignore"):
            tails = np.log1p(np.exp(np.array(exponents, _FLOAT64))).tolist()
    real_weight, other_weight = 1 - smoothing / 2, smoothing / 2
    losses = []
    for r, f, real_tail, fake_tail in zip(real, fake, tails, tails[len(real):]):
        loss = real_weight * ((-r if -r >= 0 else 0.0) + real_tail) + ((f if f >= 0 else 0.0) + fake_tail)
        if smoothing:
            loss = loss + other_weight * ((r if r >= 0 else 0.0) + real_tail)
        losses.append(loss)
    total = pairwise_sum(losses)
    if not math.isfinite(total):
        return None
    if reduction == "none":
        return np.array(losses, _FLOAT64).reshape(real_scores.shape)
    return _FLOAT64.type(total / len(losses) if reduction == "mean" else total)


@checked_call
@_shared_doc
def minimax_generator_loss(fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The generator's loss of the original minimax GAN, :math:`\log(1 - \sigma(f))`: it **saturates**.

    .. math:: \ell(f) = \log\bigl(1 - \sigma(f)\bigr) = -\operatorname{softplus}(f),

    with :math:`f = D(G(z))` a logit.  It is negative and its derivative
    :math:`-\sigma(f)` vanishes as :math:`f \to -\infty` — exactly when the
    discriminator confidently rejects the generated samples, early in
    training — so the generator learns nothing.  Use
    :func:`non_saturating_generator_loss` instead.

    {generator parameters}

    {references: goodfellow}

    Examples
    --------
    >>> float(minimax_generator_loss([-10.0]))  # D wins: loss near 0, gradient -4.5e-5
    -4.539889921686465e-05

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.minimax_generator_loss()``:

    .. math:: \ell\left(D(G(z))\right) = \log{\left(1 - \sigma{\left(D(G(z)) \right)} \right)}
    """
    if sample_weight is not None:
        return weighted_call(minimax_generator_loss, (fake_scores,), sample_weight, reduction, independent_rows=True)
    func = "minimax_generator_loss"
    result = _fast(_kernels.minimax_generator, {"fake_scores": fake_scores}, reduction, func=func, n_scratch=0)
    if result is not None:
        return result
    (fake,) = _scores({"fake_scores": fake_scores}, reduction, func=func)
    _, softplus = softplus_pair(fake)
    return reduce_losses(-softplus, reduction)


@checked_call
@_shared_doc
def non_saturating_generator_loss(fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The non-saturating generator loss :math:`-\log\sigma(f)` (Goodfellow et al. 2014).

    .. math:: \ell(f) = -\log\sigma(f) = \operatorname{softplus}(-f),

    the binary cross-entropy of the generated samples against the label 1.
    Its derivative :math:`\sigma(f) - 1` tends to :math:`-1` as
    :math:`f \to -\infty`: the generator gets its largest gradient when the
    discriminator rejects its samples.

    {generator parameters}

    {references: goodfellow}

    Examples
    --------
    >>> float(non_saturating_generator_loss([-10.0]))
    10.000045398899218

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.non_saturating_generator_loss()``:

    .. math:: \ell\left(D(G(z))\right) = - \log{\left(\sigma{\left(D(G(z)) \right)} \right)}
    """
    if sample_weight is not None:
        return weighted_call(non_saturating_generator_loss, (fake_scores,), sample_weight, reduction,
                             independent_rows=True)
    func = "non_saturating_generator_loss"
    result = _fast(_kernels.non_saturating_generator, {"fake_scores": fake_scores}, reduction, func=func,
                   n_scratch=0)
    if result is not None:
        return result
    (fake,) = _scores({"fake_scores": fake_scores}, reduction, func=func)
    loss, _ = softplus_pair(fake)
    return reduce_losses(loss, reduction)


def _half_square(d: np.ndarray) -> np.ndarray:
    """:math:`d^2/2`, halved first so it overflows only when the result does."""
    with np.errstate(over="ignore"):
        return (0.5 * d) * d


@checked_call
@_shared_doc
def least_squares_discriminator_loss(real_scores, fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The LSGAN discriminator loss :math:`\tfrac12(r - 1)^2 + \tfrac12 f^2` (Mao et al. 2017).

    Real scores are pulled to 1 and generated ones to 0 by squared errors
    (the labels :math:`b = 1`, :math:`a = 0` of the paper; TF-GAN's
    defaults).  The scores are raw outputs: no sigmoid.

    {pair parameters}

    {references: mao}

    Examples
    --------
    >>> float(least_squares_discriminator_loss([1.0], [0.0]))
    0.0

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.least_squares_discriminator_loss()``:

    .. math:: \ell\left(D(x), D(G(z))\right) = \frac{\left(D(x) - 1\right)^{2}}{2} + \frac{D(G(z))^{2}}{2}
    """
    if sample_weight is not None:
        return weighted_call(least_squares_discriminator_loss, (real_scores, fake_scores), sample_weight, reduction,
                             independent_rows=True)
    func = "least_squares_discriminator_loss"
    scores = {"real_scores": real_scores, "fake_scores": fake_scores}
    result = _least_squares(_kernels.doubled_least_squares_discriminator, _kernels.least_squares_discriminator, scores,
                            reduction, func=func, small=_python_floats.least_squares_pairs)
    if result is not None:
        return result
    real, fake = _scores({"real_scores": real_scores, "fake_scores": fake_scores}, reduction, func=func)
    return reduce_losses(_half_square(real - 1) + _half_square(fake), reduction)


@checked_call
@_shared_doc
def least_squares_generator_loss(fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The LSGAN generator loss :math:`\tfrac12 (f - 1)^2`: generated scores pulled to the real label 1.

    {generator parameters}

    {references: mao}

    Examples
    --------
    >>> float(least_squares_generator_loss([-3.0]))
    8.0

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.least_squares_generator_loss()``:

    .. math:: \ell\left(D(G(z))\right) = \frac{\left(D(G(z)) - 1\right)^{2}}{2}
    """
    if sample_weight is not None:
        return weighted_call(least_squares_generator_loss, (fake_scores,), sample_weight, reduction,
                             independent_rows=True)
    func = "least_squares_generator_loss"
    result = _least_squares(_kernels.doubled_least_squares_generator, _kernels.least_squares_generator,
                            {"fake_scores": fake_scores}, reduction, func=func,
                            small=_python_floats.half_squares_from_one)
    if result is not None:
        return result
    (fake,) = _scores({"fake_scores": fake_scores}, reduction, func=func)
    return reduce_losses(_half_square(fake - 1), reduction)


@checked_call
@_shared_doc
def wasserstein_critic_loss(real_scores, fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The WGAN critic loss :math:`f - r` (Arjovsky et al. 2017): it can be negative.

    Minimising the mean of :math:`D(G(z)) - D(x)` over critics :math:`D`
    that are 1-Lipschitz gives minus the Wasserstein-1 distance between the
    real and generated distributions.  Without a constraint it is unbounded
    below: clip the weights (the original WGAN) or add
    :func:`gradient_penalty` (WGAN-GP).

    {pair parameters}

    {references: arjovsky}

    Examples
    --------
    >>> float(wasserstein_critic_loss([2.0, 4.0], [1.0, -1.0]))
    -3.0

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.wasserstein_critic_loss()``:

    .. math:: \ell\left(D(x), D(G(z))\right) = D(G(z)) - D(x)
    """
    if sample_weight is not None:
        return weighted_call(wasserstein_critic_loss, (real_scores, fake_scores), sample_weight, reduction,
                             independent_rows=True)
    func = "wasserstein_critic_loss"
    result = _fast(_kernels.wasserstein_critic, {"real_scores": real_scores, "fake_scores": fake_scores},
                   reduction, func=func, n_scratch=0, small=_python_floats.differences)
    if result is not None:
        return result
    real, fake = _scores({"real_scores": real_scores, "fake_scores": fake_scores}, reduction, func=func)
    with np.errstate(over="ignore"):
        return reduce_losses(fake - real, reduction)


@checked_call
@_shared_doc
def wasserstein_generator_loss(fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The WGAN generator loss :math:`-f`; the hinge GAN's generator loss is the same function.

    {generator parameters}

    {references: arjovsky}

    Examples
    --------
    >>> float(wasserstein_generator_loss([0.5, 1.5]))
    -1.0

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.wasserstein_generator_loss()``:

    .. math:: \ell\left(D(G(z))\right) = - D(G(z))
    """
    if sample_weight is not None:
        return weighted_call(wasserstein_generator_loss, (fake_scores,), sample_weight, reduction,
                             independent_rows=True)
    func = "wasserstein_generator_loss"
    if (plain_dtype((fake_scores,), reduction) is _FLOAT64 and fake_scores.ndim
            and fake_scores.size <= _python_floats.SMALL):
        result = _python_floats.python_losses(_python_floats.negatives, (fake_scores,), reduction)
        if result is not None:
            return result
    if reduction == "mean" or reduction == "sum":  # -(the sum of the scores): no temporary, the same bits
        arrays = fast_arrays(reduction, func, (fake_scores, "fake_scores", False))
        if arrays is not None:
            with np.errstate(over="ignore", invalid="ignore"):
                total = -np.sum(arrays[0])
            if math.isfinite(total):
                return total / arrays[0].size if reduction == "mean" else total
    (fake,) = _scores({"fake_scores": fake_scores}, reduction, func=func)
    return reduce_losses(-fake, reduction)


@checked_call
@_shared_doc
def hinge_discriminator_loss(real_scores, fake_scores, *, sample_weight=None, reduction: str = "mean"):
    r"""The hinge GAN discriminator loss :math:`\max(0, 1 - r) + \max(0, 1 + f)` (Lim & Ye 2017).

    Zero once real scores exceed 1 and generated ones are below -1: a
    margin classifier on raw scores, used with spectral normalisation by
    Miyato et al. (2018).  The generator minimises :math:`-f`
    (:func:`wasserstein_generator_loss`).

    {pair parameters}

    References
    ----------
    Lim and Ye, "Geometric GAN", arXiv:1705.02894, 2017.  Miyato et al., "Spectral Normalization
    for Generative Adversarial Networks", ICLR 2018.

    Examples
    --------
    >>> float(hinge_discriminator_loss([0.5], [-3.0]))
    0.5

    Notes
    -----
    Definition, printed from ``lossbook.symbolic.adversarial.hinge_discriminator_loss()``:

    .. math:: \ell\left(D(x), D(G(z))\right) = \max\left(0, 1 - D(x)\right) + \max\left(0, 1 + D(G(z))\right)
    """
    if sample_weight is not None:
        return weighted_call(hinge_discriminator_loss, (real_scores, fake_scores), sample_weight, reduction,
                             independent_rows=True)
    func = "hinge_discriminator_loss"
    result = _fast(_kernels.hinge_discriminator, {"real_scores": real_scores, "fake_scores": fake_scores},
                   reduction, func=func, n_scratch=0, small=_python_floats.hinge_pairs)
    if result is not None:
        return result
    real, fake = _scores({"real_scores": real_scores, "fake_scores": fake_scores}, reduction, func=func)
    return reduce_losses(np.maximum(0, 1 - real) + np.maximum(0, 1 + fake), reduction)


@checked_call
def gradient_penalty(critic_gradients, *, sample_weight=None, reduction: str = "mean"):
    r"""The WGAN-GP penalty :math:`(\lVert\nabla_{\hat x} D(\hat x)\rVert_2 - 1)^2` per row (Gulrajani et al. 2017).

    ``critic_gradients`` holds one gradient of the critic per row (last
    axis: the input's coordinates), taken at points :math:`\hat x` drawn
    uniformly on segments between real and generated samples.  The critic's
    loss becomes :func:`wasserstein_critic_loss` plus :math:`\lambda` times
    this penalty (:math:`\lambda = 10` in the paper).  A framework obtains the
    gradients by automatic differentiation; for a critic whose gradient has a
    closed form (linear, quadratic) they can be written down.

    Parameters
    ----------
    critic_gradients : array_like
        Shape ``(..., D)``. :math:`\nabla_{\hat x} D(\hat x)`, one row per interpolated point.
    sample_weight : array_like, optional
        Weights :math:`w_n \ge 0` of the rows: shape ``critic_gradients.shape[:-1]`` or a leading
        part of it.  ``"mean"`` is then :math:`\sum_n w_n p_n / \sum_n w_n`, ``"sum"``
        :math:`\sum_n w_n p_n`, ``"none"`` :math:`w_n p_n`.
    reduction : {"mean", "sum", "none"}, optional
        ``"none"`` returns one penalty per row (shape ``critic_gradients.shape[:-1]``).

    References
    ----------
    Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017.

    Examples
    --------
    >>> float(gradient_penalty([[3.0, 4.0]]))  # norm 5: (5 - 1)^2
    16.0
    """
    func = "gradient_penalty"
    if sample_weight is not None:
        return weighted_call(gradient_penalty, (critic_gradients,), sample_weight, reduction, independent_rows=True)
    check_reduction(reduction, func=func)
    gradients = as_float_array(critic_gradients, "critic_gradients", func=func, check_finite=False)
    if gradients.ndim == 0:
        as_float_array(critic_gradients, "critic_gradients", func=func)  # a NaN or infinity is named first
        raise ValueError(f"critic_gradients must have a last axis holding each gradient's coordinates for {func}; "
                         f"found a scalar {float(gradients)!r} — pass [[g]] for a one-dimensional input")
    penalties = _row_penalties(gradients.reshape(-1, gradients.shape[-1]))
    if penalties is None:  # a NaN or infinity: the check names it
        as_float_array(critic_gradients, "critic_gradients", func=func)
    return reduce_losses(penalties.reshape(gradients.shape[:-1]), reduction)[()]  # a single gradient's: a scalar


def _row_maxima(table: np.ndarray) -> np.ndarray:
    """``np.max(table, axis=-1)`` of a 2-D table; column by column (faster) for up to 16 columns."""
    if table.shape[1] > 16:
        return np.maximum.reduce(table, axis=-1)
    maxima = table[:, 0].copy()
    for column in range(1, table.shape[1]):
        np.maximum(maxima, table[:, column], out=maxima)
    return maxima


#: Elements per block of gradient rows: the block and its per-row temporaries stay in the L2 cache.
_PENALTY_BLOCK = 1 << 13


def _row_penalties(gradients: np.ndarray):
    r""":math:`(\lVert g\rVert_2 - 1)^2` of each row of ``gradients`` (rows × D), or ``None`` if one is not finite.

    The norm is taken hypot-style, :math:`s\sqrt{\sum_k (g_k/s)^2}` with
    :math:`s = \max_k |g_k|`, so coordinates near :math:`10^{300}` do not
    overflow; rows are walked in blocks of about
    :data:`_PENALTY_BLOCK` elements through one reused
    buffer (each row's sum is the pairwise sum NumPy takes over a row,
    taken column by column for few columns: ``row_sums``).
    """
    rows, dimension = gradients.shape
    penalties = np.empty(rows, gradients.dtype)
    step = min(rows, max(1, _PENALTY_BLOCK // dimension))
    buffer = np.empty(step * dimension, gradients.dtype)
    with np.errstate(all="ignore"):
        for start in range(0, rows, step):
            block = slice(start, start + step)
            values = gradients[block]
            work = buffer[: values.size].reshape(values.shape)
            scale = _row_maxima(np.abs(values, out=work))
            if not math.isfinite(np.maximum.reduce(scale)):
                return None
            safe = np.where(scale > 0, scale, 1)
            np.divide(values, safe[:, None], out=work)
            norm = scale * np.sqrt(row_sums(np.multiply(work, work, out=work)))
            np.subtract(norm, 1, out=norm)
            np.multiply(norm, norm, out=penalties[block])
    return penalties
