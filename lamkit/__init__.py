"""lamkit: build Large Action Models end to end (see README.md and DESIGN.md)."""

__version__ = "0.1.0"
