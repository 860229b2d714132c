"""Corridor Atlas: curated Caspian corridor geodata joined to cited claims."""

__version__ = "0.4.1"
