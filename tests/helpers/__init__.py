"""Plain helpers of the tests: classes, functions and constants, no fixtures."""
