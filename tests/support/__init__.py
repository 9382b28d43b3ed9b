"""Helpers the tests (and the claim-scoring benchmarks) share; not part of the installed package."""
