"""Evaluation: our own gold format, MUC-4 (GTT micro-F1) and the mapping of our records onto it."""
