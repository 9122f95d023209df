"""Reliability: rate limits, hostile requests, load and faults against the real service."""
