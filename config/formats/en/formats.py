"""The site's one way of writing dates, times and numbers (English), with the time zone shown.

Django's English formats write "Dec. 3, 2026, 4:33 p.m." (and a sentence ending after it gets a
second period); the site writes "3 Dec 2026, 16:33 UTC" everywhere, in pages and emails.
Templates use these through ``|date:"DATETIME_FORMAT"`` (or plain ``{{ value }}``),
``|date:"DATE_FORMAT"`` and ``|date:"TIME_FORMAT"``.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
