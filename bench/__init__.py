"""Benchmarks (issue 6): run with `make bench`."""
