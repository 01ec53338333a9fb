"""Evaluation: our own gold format, the MUC-4 mapping and benchmark runners."""
