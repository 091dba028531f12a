"""The readable source of every notebook in notebooks/: one module per runbook, one for the lab series, the
cell helpers (cells.py) and the text they share (common.py). notebooks/build.py writes the .ipynb files.
"""
