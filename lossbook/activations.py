"""Output activations: sigmoid, tanh, softmax, log-softmax, logsumexp (stable)."""

from __future__ import annotations

__all__: list[str] = []
