"""Domains of the classification losses."""

DOMAINS: dict = {}
