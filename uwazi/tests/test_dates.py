from datetime import date

import pytest

from uwazi.dates import Ambiguous, numeric_order, parse_all, parse_one, pieces


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2021-05-01T00:00:00Z", date(2021, 5, 1), "day"),  # Uwazi with no dateFormat: UTC midnight
        ("2021-05-01", date(2021, 5, 1), "day"),
        ("2021/05/01", date(2021, 5, 1), "day"),
        ("2021 05 01", date(2021, 5, 1), "day"),
        ("25/12/2020", date(2020, 12, 25), "day"),
        ("12/25/2020", date(2020, 12, 25), "day"),
        ("20 March 2017", date(2017, 3, 20), "day"),
        ("March 20, 2017", date(2017, 3, 20), "day"),
        ("1 de marzo de 2016", date(2016, 3, 1), "day"),
        ("Since December 2008", date(2008, 12, 1), "month"),
        ("2019", date(2019, 1, 1), "year"),
    ],
)
def test_one_date_to_its_precision(text, expected, precision):
    parsed = parse_one(text)
    assert (parsed.value, parsed.precision) == (expected, precision)


def test_numeric_dates_that_read_both_ways_need_an_order():
    with pytest.raises(Ambiguous):
        parse_one("03/04/2017")
    assert parse_one("03/04/2017", "dmy").value == date(2017, 4, 3)
    assert parse_one("03/04/2017", "mdy").value == date(2017, 3, 4)
    assert parse_one("04/04/2017").value == date(2017, 4, 4)


def test_lists_and_both_range_styles_split_but_iso_times_do_not():
    assert pieces("2020-01-01T00:00:00Z~2020-02-01T00:00:00Z") == [
        "2020-01-01T00:00:00Z",
        "2020-02-01T00:00:00Z",
    ]
    assert pieces("01/01/2020:01/02/2020") == ["01/01/2020", "01/02/2020"]
    assert pieces("20 March 2017; 26 May 2017|4 July 2017") == ["20 March 2017", "26 May 2017", "4 July 2017"]
    parsed, failed = parse_all("20 March 2017; sometime later; 03/04/2017")
    assert [p.value for p in parsed] == [date(2017, 3, 20)]
    assert failed == ["sometime later", "03/04/2017"]


def test_a_file_settles_the_order_or_contradicts_itself():
    assert numeric_order(["25/12/2020", "03/04/2017"]) == "dmy"
    assert numeric_order(["12/25/2020"]) == "mdy"
    assert numeric_order(["03/04/2017", "2020-01-01"]) is None
    with pytest.raises(ValueError):
        numeric_order(["25/12/2020", "12/25/2020"])
