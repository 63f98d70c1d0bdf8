"""Catalog records of the classification losses."""

from __future__ import annotations

RECORDS: tuple = ()
