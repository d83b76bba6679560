"""factdb: a cited fact database of the Russia-Ukraine war and the peace talks."""

__version__ = "0.1.0"
