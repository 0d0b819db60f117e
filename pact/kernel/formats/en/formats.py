"""English: 6 December 2026 (day, month, year, as in the EU's English style guide)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
# The portal's own: a date and time with the weekday, for events (Sunday 6 December 2026, 14:00).
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"
