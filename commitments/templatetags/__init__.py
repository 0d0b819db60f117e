"""Template tags of commitments (``{% load commitments_tags %}``): figures, units, charts. They may
import the app's selectors and the kernel, never the site."""
