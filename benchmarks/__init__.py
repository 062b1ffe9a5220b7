"""`make bench` (python -m benchmarks.run): build and dashboard speed at province scale.

Prints figures, asserts nothing."""
