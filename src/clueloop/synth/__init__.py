"""Synthetic agency exports with planted truth: the demo's data, the models' acceptance tests, benchmarks.

``generate.generate`` writes the files; ``penalties`` is the separate bulk generator of the benchmarks.
"""
