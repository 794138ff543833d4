"""Internationalisation hub: validated programme data rendered into a bilingual static site."""

__version__ = "0.1.0"
