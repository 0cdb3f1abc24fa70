"""The pure kernel every part may import: name folding, the series table, and the report types."""
