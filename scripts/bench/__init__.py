"""Benchmarks: measured beside the product, never part of it (`./portal bench-completions`)."""
