"""Datelines are parsed and re-formatted with Babel's locale data, never machine-translated."""

import datetime as dt

import pytest

from locnews.text.dates import find_dates, format_dateline, localize_dateline, localize_dates, parse_dateline
from locnews.errors import LocnewsError

D = dt.date(2020, 7, 8)


@pytest.mark.parametrize(
    "text",
    [
        "Wednesday, 08 Jul 2020",  # the seed's own dateline
        "Rabu, 8 Juli 2020",
        "Rabu, 08 Jul 2020 14:30 WIB",
        "8 July 2020",
        "July 8, 2020",
        "Wednesday, July 8th, 2020",
        "2020-07-08",
        "08/07/2020",
    ],
)
def test_parse_dateline_both_editions(text):
    assert parse_dateline(text, "en") == D


def test_format_dateline_house_style():
    assert format_dateline(D, "id") == "Rabu, 8 Juli 2020"
    assert format_dateline(D, "en") == "Wednesday, 8 July 2020"


def test_localize_keeps_time_and_place():
    assert localize_dateline("Wednesday, 08 Jul 2020", "id") == "Rabu, 8 Juli 2020"
    assert localize_dateline("Rabu, 8 Juli 2020 14:30 WIB", "en") == "Wednesday, 8 July 2020 14:30 WIB"
    assert localize_dateline("Jakarta, 24 Nopember 2026", "en") == "Jakarta, 24 November 2026"


def test_dates_in_running_text():
    assert localize_dates("sejak 1 Agustus 2019 hingga kini", "en") == "sejak 1 August 2019 hingga kini"
    assert [m.date for m in find_dates("on 31 February 2020 and 1 March 2020")] == [dt.date(2020, 3, 1)]


def test_no_date_is_an_error_not_a_guess():
    with pytest.raises(LocnewsError):
        parse_dateline("Most Popular", "en")
    assert localize_dateline("Breaking news", "id") is None
