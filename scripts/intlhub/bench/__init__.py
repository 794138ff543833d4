"""Benchmarks and synthetic data: never imported by the runtime (only by the command line)."""
