# Bokmål, the one way Samhold writes dates and times (Språkrådet's rules):
#   dates in running text: "1. desember 2026" (DATE_FORMAT, in e-mails and sentences);
#   times: "kl. 18.00" – a full stop between hours and minutes, and "kl." before the time in
#   a sentence (the sentence's msgstr writes "kl.", or DATETIME_FORMAT does);
#   short dates "01.12.2026" only in tables, admin columns and compact lists, never in a
#   sentence. Templates use these names, never a hand-written format.
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j. F Y \\k\\l. H.i"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
# People type times the way they write them ("18.00"); a browser's time field sends "18:00".
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M", "%H:%M:%S", "%H"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
