"""Writes, each in one transaction: imports, the monthly workflow, pending uploads."""
