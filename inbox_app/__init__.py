"""Desktop agent inbox for LiveVox contact centers."""

__version__ = "0.1.0"
