"""gpudeal: the facts of Nvidia's GPU deal with South Korea, checked and shown."""

__version__ = "0.1.0"
