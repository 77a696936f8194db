"""reflexmap: an offline foot and leg massage map."""

__version__ = "0.1.0"
