"""lamkit: build Large Action Models end to end (see README.md and docs/)."""

__version__ = "0.1.0"
