"""Evaluation against public benchmarks (MUC-4 GTT micro-F1)."""
