"""Numeric helpers every loss shares: input validation, reductions and exact (error-free) arithmetic."""
