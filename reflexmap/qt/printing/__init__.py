"""Printing and exporting the chart and the routine handouts."""
