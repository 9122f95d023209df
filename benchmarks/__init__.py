"""Benchmarks: scripts that measure speed and memory, not tests (`make bench`)."""
