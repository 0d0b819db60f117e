"""Template tags of the project (``{% load markup %}``). Kernel level: they import the kernel
only."""
