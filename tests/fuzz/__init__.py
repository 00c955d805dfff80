"""Fuzzing as a habit: mutated declarations, manifests, bundles, images and PDFs.

The same mutators feed the suite's short run (Hypothesis, derandomized) and
``bench/fuzz.py``'s long one (seeded ``random.Random``), see docs/fuzzing.md.
"""
