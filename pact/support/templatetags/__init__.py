"""Template tags of this app (`{% load ... %}` in templates)."""
