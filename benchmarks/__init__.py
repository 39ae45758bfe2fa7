"""Benchmarks and their synthetic data (issue 2, item 6)."""
