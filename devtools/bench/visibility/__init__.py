"""The visibility benchmark: a large generated data set and timings of the list-page queries."""
