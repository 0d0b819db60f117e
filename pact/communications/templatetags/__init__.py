"""Template tags of communications (``{% load communications %}``): unread notifications, a
partnership's news. They may import the app's selectors and services, never the site."""
