"""The date stage: which expressions a news sentence has, and which interval each one means."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.annotations import rows_of
from pipeline.dates import extract_dates

D = date
NO_ANCHOR = None

# (sentence, publication date, expression, type, value, date_start, date_end)
CASES = [
    # weekdays: tense decides past or future; the publication day itself when it fits
    ("The minister said Monday that talks would continue.", D(2025, 6, 5), "Monday", "DATE", "2025-06-02", D(2025, 6, 2), D(2025, 6, 2)),
    ("The two sides will meet on Thursday in Washington.", D(2025, 6, 3), "Thursday", "DATE", "2025-06-05", D(2025, 6, 5), D(2025, 6, 5)),
    ("The ministers met on Thursday in Washington.", D(2025, 6, 5), "Thursday", "DATE", "2025-06-05", D(2025, 6, 5), D(2025, 6, 5)),
    ("Negotiators will meet again on Thursday.", D(2025, 6, 5), "Thursday", "DATE", "2025-06-05", D(2025, 6, 5), D(2025, 6, 5)),
    ("The envoy arrived in Tokyo on Sunday.", D(2025, 6, 5), "Sunday", "DATE", "2025-06-01", D(2025, 6, 1), D(2025, 6, 1)),
    ("The envoy will arrive in Tokyo on Sunday.", D(2025, 6, 5), "Sunday", "DATE", "2025-06-08", D(2025, 6, 8), D(2025, 6, 8)),
    ("Trump announced the increase last Friday during a visit to a steel plant.", D(2025, 6, 4), "last Friday", "DATE", "2025-05-30", D(2025, 5, 30), D(2025, 5, 30)),
    ("That suspension expires next Wednesday.", D(2025, 7, 3), "next Wednesday", "DATE", "2025-07-09", D(2025, 7, 9), D(2025, 7, 9)),
    ("President Trump said on Tuesday that he would sign the first phase of the deal.", D(2020, 1, 2), "Tuesday", "DATE", "2019-12-31", D(2019, 12, 31), D(2019, 12, 31)),
    ("Markets in Tokyo reopen on Monday.", D(1987, 3, 27), "Monday", "DATE", "1987-03-30", D(1987, 3, 30), D(1987, 3, 30)),
    ("Commerce Secretary Howard Lutnick said late Tuesday that the talks had ended.", D(2025, 6, 11), "late Tuesday", "DATE", "2025-06-10", D(2025, 6, 10), D(2025, 6, 10)),
    # weeks
    ("Officials will travel to Geneva next week.", D(2025, 6, 5), "next week", "DATE", "2025-W24", D(2025, 6, 9), D(2025, 6, 15)),
    ("Exports fell sharply last week, customs data showed.", D(2025, 6, 5), "last week", "DATE", "2025-W22", D(2025, 5, 26), D(2025, 6, 1)),
    ("The talks continue this week in London.", D(2025, 6, 5), "this week", "DATE", "2025-W23", D(2025, 6, 2), D(2025, 6, 8)),
    ("He is arranging a visit to Washington later this week.", D(2025, 6, 9), "later this week", "DATE", "2025-W24", D(2025, 6, 10), D(2025, 6, 15)),
    ("Next week the talks resume.", D(2025, 12, 30), "Next week", "DATE", "2026-W02", D(2026, 1, 5), D(2026, 1, 11)),
    ("The talks took place two weeks ago.", D(2025, 6, 11), "two weeks ago", "DATE", "2025-W22", D(2025, 5, 26), D(2025, 6, 1)),
    # months
    ("The two sides agreed to hold the next round later this month.", D(2025, 4, 17), "later this month", "DATE", "2025-04", D(2025, 4, 18), D(2025, 4, 30)),
    ("Tariff revenue jumped earlier this month.", D(2025, 4, 17), "earlier this month", "DATE", "2025-04", D(2025, 4, 1), D(2025, 4, 16)),
    ("Ministerial-level tariff talks will commence on the 30th of this month.", D(2025, 5, 26), "the 30th of this month", "DATE", "2025-05-30", D(2025, 5, 30), D(2025, 5, 30)),
    ("It was his third trip to Washington since mid-April.", D(2025, 5, 23), "mid-April", "DATE", "2025-04", D(2025, 4, 11), D(2025, 4, 20)),
    ("The tariffs have applied since early April.", D(2025, 5, 9), "early April", "DATE", "2025-04", D(2025, 4, 1), D(2025, 4, 10)),
    ("The summit is planned for late April.", D(2025, 3, 10), "late April", "DATE", "2025-04", D(2025, 4, 21), D(2025, 4, 30)),
    ("The tariff could nearly double come July unless negotiations yield a deal.", D(2025, 6, 6), "come July", "DATE", "2025-07", D(2025, 7, 1), D(2025, 7, 31)),
    ("Car exports to the U.S. fell last April.", D(2025, 6, 6), "last April", "DATE", "2025-04", D(2025, 4, 1), D(2025, 4, 30)),
    ("Under the agreement, signed last September, Japan agreed to stop dumping chips.", D(1987, 3, 27), "last September", "DATE", "1986-09", D(1986, 9, 1), D(1986, 9, 30)),
    ("Duties will fall to 10% next month.", D(2025, 12, 10), "next month", "DATE", "2026-01", D(2026, 1, 1), D(2026, 1, 31)),
    ("The economy shrank last month.", D(2025, 1, 5), "last month", "DATE", "2024-12", D(2024, 12, 1), D(2024, 12, 31)),
    ("The two sides will publish a joint statement early next month.", D(2025, 7, 28), "early next month", "DATE", "2025-08", D(2025, 8, 1), D(2025, 8, 10)),
    ("Sales fell in December.", D(2025, 1, 10), "December", "DATE", "2024-12", D(2024, 12, 1), D(2024, 12, 31)),
    ("China's exports to the United States fell 34.5% in May.", D(2025, 6, 11), "May", "DATE", "2025-05", D(2025, 5, 1), D(2025, 5, 31)),
    ("The company will release a title between October and December.", D(2025, 8, 8), "between October and December", "DATE", "2025-10/2025-12", D(2025, 10, 1), D(2025, 12, 31)),
    # days of the month, and the year boundary
    ("Xi and Trump agreed to the truce over dinner on Dec. 1.", D(2020, 1, 2), "Dec. 1", "DATE", "2019-12-01", D(2019, 12, 1), D(2019, 12, 1)),
    ("The tariffs had been set to take effect on December 15.", D(2020, 1, 2), "December 15", "DATE", "2019-12-15", D(2019, 12, 15), D(2019, 12, 15)),
    ("The agreement will be signed on Jan. 15 at the White House.", D(2020, 1, 2), "Jan. 15", "DATE", "2020-01-15", D(2020, 1, 15), D(2020, 1, 15)),
    ("A planned increase had been due to take effect on March 1.", D(2019, 2, 25), "March 1", "DATE", "2019-03-01", D(2019, 3, 1), D(2019, 3, 1)),
    ("The reciprocal tariff has been suspended until July 9.", D(2025, 5, 23), "July 9", "DATE", "2025-07-09", D(2025, 7, 9), D(2025, 7, 9)),
    ("Talks will resume on Jan. 10.", D(2025, 12, 20), "Jan. 10", "DATE", "2026-01-10", D(2026, 1, 10), D(2026, 1, 10)),
    ("Trump had threatened to impose the tariff from 1 August.", D(2025, 7, 28), "1 August", "DATE", "2025-08-01", D(2025, 8, 1), D(2025, 8, 1)),
    ("The third round ended on May 23, 2025.", D(2025, 6, 1), "May 23, 2025", "DATE", "2025-05-23", D(2025, 5, 23), D(2025, 5, 23)),
    ("The meeting is scheduled for Friday, May 23.", D(2025, 5, 20), "Friday, May 23", "DATE", "2025-05-23", D(2025, 5, 23), D(2025, 5, 23)),
    ("Leaders meet at the summit on June 15-17.", D(2025, 5, 23), "June 15-17", "DATE", "2025-06-15/2025-06-17", D(2025, 6, 15), D(2025, 6, 17)),
    ("The steel tariff doubled today.", D(2025, 6, 4), "today", "DATE", "2025-06-04", D(2025, 6, 4), D(2025, 6, 4)),
    ("Negotiators met yesterday in London.", D(2025, 6, 4), "yesterday", "DATE", "2025-06-03", D(2025, 6, 3), D(2025, 6, 3)),
    ("The statement was posted 4 hours ago.", D(2025, 6, 5), "4 hours ago", "TIME", "2025-06-05", D(2025, 6, 5), D(2025, 6, 5)),
    # years, halves, quarters, seasons, fiscal years
    ("The agreement was signed in 1987.", D(2025, 6, 5), "1987", "DATE", "1987", D(1987, 1, 1), D(1987, 12, 31)),
    ("Output rose last year.", D(2025, 1, 5), "last year", "DATE", "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("Cooperation deepened in the latter half of 2024.", D(2025, 5, 26), "the latter half of 2024", "DATE", "2024-H2", D(2024, 7, 1), D(2024, 12, 31)),
    ("The company expects growth in the second half of the year.", D(2025, 3, 1), "the second half of the year", "DATE", "2025-H2", D(2025, 7, 1), D(2025, 12, 31)),
    ("The company will release a new title in the third quarter.", D(2025, 5, 10), "the third quarter", "DATE", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("Inflation fell in the first quarter of 2024.", D(2025, 5, 10), "the first quarter of 2024", "DATE", "2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
    ("The Q3 2025 figures were released.", D(2025, 11, 1), "Q3 2025", "DATE", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("An important national election looms this summer.", D(2025, 6, 9), "this summer", "DATE", "2025-SU", D(2025, 6, 1), D(2025, 8, 31)),
    ("Gas prices could spike this winter.", D(2025, 1, 15), "this winter", "DATE", "2024-WI", D(2024, 12, 1), D(2025, 2, 28)),
    ("Forecasters said a shift is likely during the second half of August.", D(2025, 8, 12), "the second half of August", "DATE", "2025-08", D(2025, 8, 16), D(2025, 8, 31)),
    ("Mazda reported a drop in net profit for the year that ended in March.", D(2025, 5, 15), "the year that ended in March", "DATE", "2024-04/2025-03", D(2024, 4, 1), D(2025, 3, 31)),
    ("The developer raised its forecast for the fiscal year ending March 2026.", D(2025, 8, 8), "the fiscal year ending March 2026", "DATE", "2025-04/2026-03", D(2025, 4, 1), D(2026, 3, 31)),
    ("Chip prices were far lower in the 1980s.", D(2025, 6, 5), "the 1980s", "DATE", "198", D(1980, 1, 1), D(1989, 12, 31)),
    # durations and sets
    ("During the three-day visit he held talks with officials.", D(2025, 6, 14), "three-day", "DURATION", "P3D", None, None),
    ("The talks could take two weeks.", D(2025, 6, 14), "two weeks", "DURATION", "P2W", None, None),
    ("The countries announced a 90-day truce.", D(2025, 5, 12), "90-day", "DURATION", "P90D", None, None),
    ("Officials held five days of talks in Washington.", D(2025, 7, 19), "five days", "DURATION", "P5D", None, None),
    ("Officials have met for several months.", D(2025, 7, 19), "several months", "DURATION", "PXM", None, None),
    ("In the past two weeks, the two countries have held talks.", D(2025, 5, 26), "the past two weeks", "DURATION", "P2W", D(2025, 5, 13), D(2025, 5, 26)),
    ("The central bank reviews the rules every year.", D(2025, 6, 5), "every year", "SET", "P1Y", None, None),
    ("Carmakers build millions of vehicles a year in the U.S.", D(2025, 6, 5), "a year", "SET", "P1Y", None, None),
    ("The higher rate took effect at 12:01 a.m.", D(2025, 8, 1), "12:01 a.m.", "TIME", "XXXX-XX-XXT00:01", None, None),
    # no anchor: underspecified values, no intervals
    ("The ministers met on June 5 in Paris.", NO_ANCHOR, "June 5", "DATE", "XXXX-06-05", None, None),
    ("The ministers will meet on Thursday.", NO_ANCHOR, "Thursday", "DATE", "XXXX-WXX-4", None, None),
    ("Early voting for the runoff begins next Monday.", NO_ANCHOR, "next Monday", "DATE", "XXXX-WXX-1", None, None),
    ("Ties will be played on the 30th of this month.", NO_ANCHOR, "the 30th of this month", "DATE", "XXXX-XX-30", None, None),
    ("New Delhi hopes to close an interim deal later this month.", NO_ANCHOR, "later this month", "DATE", "XXXX-XX", None, None),
    ("\"We will finish it on the 30th,\" she said.", NO_ANCHOR, "the 30th", "DATE", "XXXX-XX-30", None, None),
    ("The runoff will be held on the 30th.", D(2025, 8, 12), "the 30th", "DATE", "2025-08-30", D(2025, 8, 30), D(2025, 8, 30)),
    ("Carmakers face costs in 2017 levels of output.", D(2020, 1, 2), "2017", "DATE", "2017", D(2017, 1, 1), D(2017, 12, 31)),
    ("The deal was signed in 2012.", NO_ANCHOR, "2012", "DATE", "2012", D(2012, 1, 1), D(2012, 12, 31)),
    # "the weekend": the one just past in past tense or early in the week, else the coming one
    ("The tariffs, announced over the weekend, will hit $300 billion of Chinese goods starting Sept. 1.", D(2019, 8, 5), "the weekend", "DATE", "2019-W31-WE", D(2019, 8, 3), D(2019, 8, 4)),
    ("Ottawa's list of counter-tariffs will be reviewed at the weekend.", D(2025, 3, 6), "the weekend", "DATE", "2025-W10-WE", D(2025, 3, 8), D(2025, 3, 9)),
    ("Delegates left the weekend summit in Brasilia without a deal.", D(2025, 11, 10), "weekend", "DATE", "2025-W45-WE", D(2025, 11, 8), D(2025, 11, 9)),
    # fiscal years (no fiscal calendar in the text: the calendar year the fiscal year ends in) and year-to-date
    ("Washington extended the duties through fiscal year 2026.", D(2025, 9, 30), "fiscal year 2026", "DATE", "FY2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("India's merchandise exports grew 8% in fiscal 2024-25, the commerce ministry said.", D(2025, 4, 15), "fiscal 2024-25", "DATE", "FY2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("Steel imports dropped 20% this year through October, customs data showed.", D(2025, 11, 20), "this year through October", "DATE", "2025-01/2025-10", D(2025, 1, 1), D(2025, 10, 31)),
    # a clock time joined to its day
    ("Trump posted at 9 p.m. Sunday that tariffs on Colombian goods would rise.", D(2025, 1, 27), "9 p.m. Sunday", "TIME", "2025-01-26T21:00", D(2025, 1, 26), D(2025, 1, 26)),
    ("Canada's counter-tariffs take effect at 12:01 a.m. ET on Thursday.", D(2025, 3, 3), "12:01 a.m. ET on Thursday", "TIME", "2025-03-06T00:01", D(2025, 3, 6), D(2025, 3, 6)),
    ("Duties on Mexican tomatoes went into effect at midnight Wednesday.", D(2025, 4, 10), "midnight Wednesday", "TIME", "2025-04-09T00:00", D(2025, 4, 9), D(2025, 4, 9)),
    # year ranges, a day with "next year", a weekday before a day-month date
    ("The 2018-2019 trade war cost U.S. soybean farmers billions.", D(2025, 5, 1), "2018-2019", "DATE", "2018/2019", D(2018, 1, 1), D(2019, 12, 31)),
    ("The truce, agreed in late October, expires on Nov. 10 next year.", D(2025, 11, 3), "Nov. 10 next year", "DATE", "2026-11-10", D(2026, 11, 10), D(2026, 11, 10)),
    ("The ministry said on Wednesday 12 March that the export levy stays.", D(2025, 3, 13), "Wednesday 12 March", "DATE", "2025-03-12", D(2025, 3, 12), D(2025, 3, 12)),
    # business days
    ("Canadian stocks fell on the first trading day of the new year.", D(2025, 12, 29), "the first trading day of the new year", "DATE", "2026-01-02", D(2026, 1, 2), D(2026, 1, 2)),
    ("Importers rushed orders before the last business day of the month.", D(2025, 5, 12), "the last business day of the month", "DATE", "2025-05-30", D(2025, 5, 30), D(2025, 5, 30)),
    # quarters and fiscal periods (issue 14)
    ("Third-quarter profit fell 12%, the company said.", D(2025, 10, 28), "Third-quarter", "DATE", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("Revenue rose 8% in the quarter, the retailer said.", D(2025, 10, 28), "the quarter", "DATE", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("Sales in the latest quarter beat forecasts.", D(2025, 5, 2), "the latest quarter", "DATE", "2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("Net income rose to $2 billion in the third quarter from $1.5 billion in the year-ago quarter.", D(2025, 10, 28), "the year-ago quarter", "DATE", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
    ("Net income was $2 billion, up from $1.5 billion in the year-ago quarter.", D(2025, 10, 28), "the year-ago quarter", "DATE", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
    ("Shipments rose 4% in the first nine months of the year.", D(2025, 10, 20), "the first nine months of the year", "DATE", "2025-01/2025-09", D(2025, 1, 1), D(2025, 9, 30)),
    ("Steel imports fell in the nine months to September.", D(2025, 10, 20), "the nine months to September", "DATE", "2025-01/2025-09", D(2025, 1, 1), D(2025, 9, 30)),
    ("The company cut its sales forecast for the full year.", D(2025, 7, 30), "the full year", "DATE", "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("The agency expects stockpiles to shrink by year-end.", D(2025, 6, 10), "year-end", "DATE", "2025", D(2025, 9, 1), D(2025, 12, 31)),
    ("The subsidy runs until the end of the fiscal year.", D(2025, 6, 10), "the fiscal year", "DATE", "FY2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("The carmaker's fiscal year ends in March, and it expects profit to fall this fiscal year.", D(2025, 8, 5), "this fiscal year", "DATE", "FY2026", D(2025, 4, 1), D(2026, 3, 31)),
    ("The brewer's fiscal year ends in March. Sales rose 6% in the third quarter.", D(2026, 2, 10), "the third quarter", "DATE", "2025-10/2025-12", D(2025, 10, 1), D(2025, 12, 31)),
    ("Its fiscal year ends in March. Sales rose 4% in the first six months of the fiscal year.", D(2025, 11, 10), "the first six months of the fiscal year", "DATE", "2025-04/2025-09", D(2025, 4, 1), D(2025, 9, 30)),
    ("Its fiscal year ends in March. Analysts expect a recovery in fiscal 2027.", D(2026, 2, 10), "fiscal 2027", "DATE", "FY2027", D(2026, 4, 1), D(2027, 3, 31)),
    ("The maker skipped its forecast for the current year, which runs through March 2026.", D(2025, 5, 14), "the current year", "DATE", "2025-04/2026-03", D(2025, 4, 1), D(2026, 3, 31)),
    ("Quarterly profit fell. Demand should recover in the second half, the chipmaker said.", D(2019, 7, 31), "the second half", "DATE", "2019-H2", D(2019, 7, 1), D(2019, 12, 31)),
    # relative periods: the sentence's own period moved back
    ("Exports fell 3% in May from a year earlier.", D(2025, 6, 20), "a year earlier", "DATE", "2024-05", D(2024, 5, 1), D(2024, 5, 31)),
    ("Imports rose in April, and a month earlier they had fallen.", D(2025, 5, 15), "a month earlier", "DATE", "2025-03", D(2025, 3, 1), D(2025, 3, 31)),
    ("Operating profit rose 5% in the second quarter from the year-earlier period.", D(2025, 8, 1), "the year-earlier period", "DATE", "2024-Q2", D(2024, 4, 1), D(2024, 6, 30)),
    ("Profit in the third quarter was $3 billion, compared with $2 billion a year ago.", D(2025, 10, 28), "a year ago", "DATE", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
    ("The plant closed a year ago.", D(2025, 6, 5), "a year ago", "DATE", "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("Output was weak. Prices were higher a year earlier.", D(2025, 6, 5), "a year earlier", "DATE", None, None, None),
    # decades and centuries
    ("Tariffs were last this high in the late 1970s.", D(2025, 6, 5), "the late 1970s", "DATE", "197", D(1977, 1, 1), D(1979, 12, 31)),
    ("Chip prices peaked in the mid-1990s.", D(2025, 6, 5), "the mid-1990s", "DATE", "199", D(1994, 1, 1), D(1996, 12, 31)),
    ("Protectionism shaped much of the 20th century.", D(2025, 6, 5), "the 20th century", "DATE", "19", D(1900, 1, 1), D(1999, 12, 31)),
    ("Such duties were common in the early twentieth century.", D(2025, 6, 5), "the early twentieth century", "DATE", "19", D(1900, 1, 1), D(1932, 12, 31)),
    # part of day: the day, with the part kept in the value
    ("The announcement came on Friday afternoon.", D(2025, 6, 9), "Friday afternoon", "TIME", "2025-06-06TAF", D(2025, 6, 6), D(2025, 6, 6)),
    ("Officials will meet again Tuesday night.", D(2025, 6, 5), "Tuesday night", "TIME", "2025-06-10TNI", D(2025, 6, 10), D(2025, 6, 10)),
    ("Negotiators met yesterday afternoon in Geneva.", D(2025, 6, 5), "yesterday afternoon", "TIME", "2025-06-04TAF", D(2025, 6, 4), D(2025, 6, 4)),
    # number words
    ("Inspectors have twenty four hours to clear each shipment.", D(2025, 6, 5), "twenty four hours", "DURATION", "PT24H", None, None),
    ("The exemption lasts forty-five days.", D(2025, 6, 5), "forty-five days", "DURATION", "P45D", None, None),
    ("Customs held the trucks for a quarter of an hour.", D(2025, 6, 5), "a quarter of an hour", "DURATION", "PT15M", None, None),
    ("The banana dispute has lasted half a century.", D(2025, 6, 5), "half a century", "DURATION", "P50Y", None, None),
    # spans
    ("Prices rose sharply in January this year.", D(2025, 6, 5), "January this year", "DATE", "2025-01", D(2025, 1, 1), D(2025, 1, 31)),
    ("Exports slumped in March last year.", D(2025, 6, 5), "March last year", "DATE", "2024-03", D(2024, 3, 1), D(2024, 3, 31)),
    ("Output grew between 2009 and 2012.", D(2025, 6, 5), "between 2009 and 2012", "DATE", "2009/2012", D(2009, 1, 1), D(2012, 12, 31)),
    ("The levy applied from 2009 to 2012.", D(2025, 6, 5), "2009 to 2012", "DATE", "2009/2012", D(2009, 1, 1), D(2012, 12, 31)),
    ("The audit covered 2009-2010 shipments.", D(2025, 6, 5), "2009-2010", "DATE", "2009/2010", D(2009, 1, 1), D(2010, 12, 31)),
    ("Talks ran from May to July.", D(2025, 9, 1), "May to July", "DATE", "2025-05/2025-07", D(2025, 5, 1), D(2025, 7, 31)),
    ("The round was held by video link from September 8 to 18.", D(2025, 10, 1), "September 8 to 18", "DATE", "2025-09-08/2025-09-18", D(2025, 9, 8), D(2025, 9, 18)),
    ("The third round ran from July 27 to August 7.", D(2025, 9, 1), "July 27 to August 7", "DATE", "2025-07-27/2025-08-07", D(2025, 7, 27), D(2025, 8, 7)),
    ("The two sides will meet in mid to late October.", D(2025, 9, 1), "mid to late October", "DATE", "2025-10", D(2025, 10, 11), D(2025, 10, 31)),
    ("The meetings on Sunday and Monday ended without a deal.", D(2025, 9, 16), "Sunday and Monday", "DATE", "2025-09-14/2025-09-15", D(2025, 9, 14), D(2025, 9, 15)),
    # weekdays after a postponement or a deadline point forward although the verb is past
    ("The talks were postponed until Saturday.", D(2025, 6, 4), "Saturday", "DATE", "2025-06-07", D(2025, 6, 7), D(2025, 6, 7)),
    ("The vote was pushed back to Monday.", D(2025, 6, 4), "Monday", "DATE", "2025-06-09", D(2025, 6, 9), D(2025, 6, 9)),
    ("Importers must file their claims by Friday.", D(2025, 6, 7), "Friday", "DATE", "2025-06-13", D(2025, 6, 13), D(2025, 6, 13)),
    ("He stayed in Geneva until Saturday.", D(2025, 6, 4), "Saturday", "DATE", "2025-05-31", D(2025, 5, 31), D(2025, 5, 31)),
    ("The truce expires on Nov. 10.", D(2025, 1, 17), "Nov. 10", "DATE", "2025-11-10", D(2025, 11, 10), D(2025, 11, 10)),
    ("China's economy grew 5.4% in the fourth quarter.", D(2025, 1, 17), "the fourth quarter", "DATE", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31)),
    ("The ban ended a year after it began.", D(2025, 6, 5), "a year", "DURATION", "P1Y", None, None),
    # durations and sets
    ("The quota is reviewed every six months.", D(2025, 6, 5), "every six months", "SET", "P6M", None, None),
    ("Duties on the list are adjusted annually.", D(2025, 6, 5), "annually", "SET", "P1Y", None, None),
    ("The commission publishes the figures every month.", D(2025, 6, 5), "every month", "SET", "P1M", None, None),
    ("Inspectors visit the port every Tuesday.", D(2025, 6, 5), "every Tuesday", "SET", "XXXX-WXX-2", None, None),
    ("The decision takes effect 30 days after publication.", D(2025, 6, 5), "30 days", "DURATION", "P30D", None, None),
    ("Steel prices fell by half over the past year.", D(2025, 6, 5), "the past year", "DURATION", "P1Y", D(2024, 6, 6), D(2025, 6, 5)),
    ("The quota starts on June 6 and will last five years.", D(2025, 6, 1), "five years", "DURATION", "P5Y", None, None),
    # numeric dates, "end-" as "the end of"
    ("Shipments resumed on 2025-03-15 after the inspection.", D(2025, 3, 20), "2025-03-15", "DATE", "2025-03-15", D(2025, 3, 15), D(2025, 3, 15)),
    ("The decree was dated 16.08.2018.", D(2018, 8, 20), "16.08.2018", "DATE", "2018-08-16", D(2018, 8, 16), D(2018, 8, 16)),
    ("The notice was filed on 03/15/2025.", D(2025, 3, 20), "03/15/2025", "DATE", "2025-03-15", D(2025, 3, 15), D(2025, 3, 15)),
    ("The notice was filed on 3/4/2025.", D(2025, 4, 5), "3/4/2025", "DATE", "2025-04-03", D(2025, 4, 3), D(2025, 4, 3)),
    ("Stocks should recover by end-2025.", D(2025, 5, 10), "end-2025", "DATE", "2025", D(2025, 9, 1), D(2025, 12, 31)),
    ("The quota runs out at end-June.", D(2025, 5, 10), "end-June", "DATE", "2025-06", D(2025, 6, 21), D(2025, 6, 30)),
    # lower-cased aggregator copy
    ("brazil said on monday it would retaliate against the steel levy", D(2025, 2, 12), "monday", "DATE", "2025-02-10", D(2025, 2, 10), D(2025, 2, 10)),
    ("eu ministers will discuss the ev duties on june 4 in luxembourg.", D(2024, 5, 20), "june 4", "DATE", "2024-06-04", D(2024, 6, 4), D(2024, 6, 4)),
]

# sentences whose only time expressions are the listed ones
NEGATIVES = [
    ("Officials may raise the tariff again.", []),
    ("May I ask whether the deal may hold?", []),
    ("He finished 6th in the race.", []),
    ("Shares fell to $83 after the announcement.", []),
    ("The levy adds a 20% charge to imports.", []),
    ("China is the second-largest economy in the world.", []),
    ("The club won the third-round tie against the champions.", []),
    ("Revenue fell for the fifth straight quarter.", []),
    ("He made his fourth trip in as many weeks.", []),
    ("The Bank of England cut rates by a quarter of a percentage point.", []),
    ("As reported by the Nikkei business daily on Thursday, talks continue.", ["Thursday"]),
    ("The winger scored in the 57th minute.", []),
    ("Farmers may march on parliament if the export tax stays.", []),
    ("Replays will be played on the weekend of the 30th of this month.", ["the 30th of this month"]),
    ("The visitors were better in the second half.", []),
    ("Theresa May met the delegation in London.", []),
    ("The ministry publishes monthly trade data.", []),
    ("The club reached the quarter-final for the first time.", []),
    ("The app was updated to version 1.2.2025b.", []),
]


def _row(parse, sentence, published, expression):
    doc, ctx = parse(sentence, published=published)
    rows = rows_of(ctx, extract_dates(doc, ctx))
    found = [r for r in rows if r["text"] == expression]
    assert found, f"{expression!r} not found in {[r['text'] for r in rows]}"
    return found[0], ctx


@pytest.mark.parametrize("sentence,published,expression,type_,value,first,last", CASES, ids=[c[2] for c in CASES])
def test_expression_resolves_to_interval(parse, sentence, published, expression, type_, value, first, last):
    row, ctx = _row(parse, sentence, published, expression)
    assert (row["type"], row["value"], row["date_start"], row["date_end"]) == (type_, value, first, last)
    assert ctx.text[row["start"] : row["end"]] == expression
    assert row["anchor_date"] == published


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("sentence,expected", NEGATIVES, ids=[n[0][:30] for n in NEGATIVES])
def test_non_dates_are_not_extracted(parse, sentence, expected):
    doc, ctx = parse(sentence, published=D(2025, 6, 5))
    assert [r["text"] for r in rows_of(ctx, extract_dates(doc, ctx))] == expected


def test_wire_dateline_is_the_anchor_when_published_a_day_later(parse):
    doc, ctx = parse("GENEVA, May 12 - The United States and China agreed on Monday to cut tariffs.", published=D(2025, 5, 13))
    rows = {r["text"]: r for r in rows_of(replace(ctx, dateline=(None, 5, 12)), extract_dates(doc, replace(ctx, dateline=(None, 5, 12))))}
    assert rows["Monday"]["date_start"] == D(2025, 5, 12)
    assert rows["Monday"]["anchor_date"] == D(2025, 5, 12)
    assert rows["May 12"]["value"] == "2025-05-12"
    assert rows["May 12"]["is_dateline"] and not rows["Monday"]["is_dateline"]


def test_dateline_without_year_gives_month_but_no_year(parse):
    doc, ctx = parse("NEW DELHI, July 19 - India hopes to close a deal later this month.")
    rows = {r["text"]: r for r in rows_of(replace(ctx, dateline=(None, 7, 19)), extract_dates(doc, replace(ctx, dateline=(None, 7, 19))))}
    assert rows["later this month"]["value"] == "XXXX-07"
    assert rows["later this month"]["date_start"] is None
    assert rows["July 19"]["value"] == "XXXX-07-19"


def test_rows_have_stable_unique_ids(parse):
    doc, ctx = parse("Talks began on Monday and will end next week, officials said on Friday.", published=D(2025, 6, 5))
    rows = rows_of(ctx, extract_dates(doc, ctx))
    ids = [r["date_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 3
    assert ids == [r["date_id"] for r in rows_of(ctx, extract_dates(doc, ctx))]


def _spelled(n: int) -> str:
    ones = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    tens = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
    return tens[n // 10] + (f"-{ones[n % 10]}" if n % 10 else "")


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=20, max_value=99), unit=st.sampled_from([("days", "D"), ("weeks", "W"), ("months", "M"), ("years", "Y")]))
def test_spelled_out_numbers_give_the_period(parse, n, unit):
    word, code = unit
    expression = f"{_spelled(n)} {word}"
    doc, ctx = parse(f"The exemption runs for {expression}.", published=D(2025, 6, 5))
    rows = [r for r in rows_of(ctx, extract_dates(doc, ctx)) if r["text"] == expression]
    assert [(r["type"], r["value"], r["date_start"]) for r in rows] == [("DURATION", f"P{n}{code}", None)]


anchors = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))


@pytest.fixture(scope="module")
def many_expressions(nlp):
    from pipeline.context import DocContext
    from pipeline.parse import mask_to_body

    text = (
        "The minister said Monday that talks held last week and earlier this month had gone well. "
        "He will return next week and again later this month, and on the 28th of this month. "
        "A deal could come in the third quarter or this summer, after the fiscal year ending March 2026, "
        "and before mid-April or early next year. Shares fell on Thursday and prices rose in December."
    )
    ctx = DocContext(doc_id="p", source="p.txt", text=text, body_spans=((0, len(text)),))
    return nlp(mask_to_body(text, ctx.body_spans)), ctx


@settings(max_examples=200, deadline=None)
@given(anchor=anchors)
def test_next_week_is_the_monday_to_sunday_after_the_anchor(many_expressions, anchor):
    doc, ctx = many_expressions
    row = next(r for r in rows_of(replace(ctx, anchor_date=anchor), extract_dates(doc, replace(ctx, anchor_date=anchor))) if r["text"] == "next week")
    assert row["date_start"].isoweekday() == 1
    assert row["date_end"] - row["date_start"] == timedelta(days=6)
    assert 1 <= (row["date_start"] - anchor).days <= 7


@settings(max_examples=200, deadline=None)
@given(anchor=anchors)
def test_every_interval_is_ordered_and_tense_is_respected(many_expressions, anchor):
    doc, ctx = many_expressions
    rows = {r["text"]: r for r in rows_of(replace(ctx, anchor_date=anchor), extract_dates(doc, replace(ctx, anchor_date=anchor)))}
    for row in rows.values():
        assert (row["date_start"] is None) == (row["date_end"] is None)
        if row["date_start"] is not None:
            assert row["date_start"] <= row["date_end"]
    assert anchor - timedelta(days=6) <= rows["Monday"]["date_start"] <= anchor
    assert rows["later this month"]["date_end"].month == anchor.month
    assert rows["later this month"]["date_start"] >= min(anchor + timedelta(days=1), rows["later this month"]["date_end"])


@pytest.fixture(scope="module")
def earnings_sentence(nlp):
    from pipeline.context import DocContext
    from pipeline.parse import mask_to_body

    text = "Profit in the latest quarter rose 8% from the year-ago quarter, and sales in the first nine months of the year rose 5% from a year earlier."
    ctx = DocContext(doc_id="e", source="e.txt", text=text, body_spans=((0, len(text)),))
    return nlp(mask_to_body(text, ctx.body_spans)), ctx


@settings(max_examples=200, deadline=None)
@given(anchor=anchors)
def test_year_ago_periods_are_the_same_periods_a_year_back(earnings_sentence, anchor):
    doc, ctx = earnings_sentence
    rows = {r["text"]: r for r in rows_of(replace(ctx, anchor_date=anchor), extract_dates(doc, replace(ctx, anchor_date=anchor)))}
    latest, year_ago = rows["the latest quarter"], rows["the year-ago quarter"]
    assert latest["date_end"] < anchor and (anchor - latest["date_end"]).days <= 92
    assert (year_ago["date_start"].year, year_ago["date_start"].month) == (latest["date_start"].year - 1, latest["date_start"].month)
    nine_months, earlier = rows["the first nine months of the year"], rows["a year earlier"]
    assert (nine_months["date_start"].month, nine_months["date_end"].month, nine_months["date_end"].day) == (1, 9, 30)
    assert (earlier["date_start"], earlier["date_end"]) == (nine_months["date_start"].replace(year=nine_months["date_start"].year - 1), nine_months["date_end"].replace(year=nine_months["date_end"].year - 1))


@pytest.fixture(scope="module")
def every_new_shape(nlp):
    from pipeline.context import DocContext
    from pipeline.parse import mask_to_body

    text = (
        "The brewer's fiscal year ends in March. Third-quarter profit rose from the year-ago quarter, and sales in the "
        "first nine months of the fiscal year rose 5% from a year earlier. Demand should recover in the second half and "
        "by year-end, and the full year looks strong for fiscal 2026 and this fiscal year. Talks were postponed until "
        "Saturday, held on Sunday and Monday, from July 27 to August 7 and in mid to late October, after a pause of "
        "forty-five days that began on Friday afternoon, a year after tariffs last this high in the late 1970s and "
        "the 20th century. Duties are reviewed every six months and were filed on 3/4/2025 and 2025-03-15."
    )
    ctx = DocContext(doc_id="s", source="s.txt", text=text, body_spans=((0, len(text)),))
    return nlp(mask_to_body(text, ctx.body_spans)), ctx


@settings(max_examples=150, deadline=None)
@given(anchor=st.one_of(st.none(), anchors))
def test_new_shapes_resolve_to_ordered_intervals_for_any_anchor(every_new_shape, anchor):
    doc, ctx = every_new_shape
    rows = rows_of(replace(ctx, anchor_date=anchor), extract_dates(doc, replace(ctx, anchor_date=anchor)))
    assert len(rows) >= 20
    for row in rows:
        assert row["type"] in ("DATE", "TIME", "DURATION", "SET")
        assert (row["date_start"] is None) == (row["date_end"] is None)
        assert row["date_start"] is None or row["date_start"] <= row["date_end"]
        assert row["type"] != "SET" or row["date_start"] is None
