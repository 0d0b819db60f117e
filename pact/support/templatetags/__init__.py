"""Template tags of support services (``{% load support %}``): the panels on dashboards and
partnership pages. They may import the app's selectors and services, never the site."""
