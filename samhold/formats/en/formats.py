# English as written in Britain and by Europeans: "1 December 2026", "18:00" (24-hour clock,
# no am/pm: the times come from Norwegian groups and read the same in both languages).
# Short dates "01/12/2026" only in tables and admin columns, never in a sentence.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
