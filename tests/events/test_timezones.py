"""Session times in the reference zone and the visitor's zone."""
import datetime as dt

import pytest

from eventhub.timezones import session_times, zone_abbreviation

UTC = dt.timezone.utc
SESSION_1 = (dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC), dt.datetime(2022, 12, 6, 8, 0, tzinfo=UTC))
SESSION_2 = (dt.datetime(2022, 12, 6, 15, 30, tzinfo=UTC), dt.datetime(2022, 12, 6, 17, 30, tzinfo=UTC))


def test_reference_time_is_cet_in_geneva():
    times = session_times(*SESSION_1, "Europe/Zurich", "Europe/Zurich", "en")
    assert times.reference_range == "07:00–09:00"
    assert times.reference_abbreviation == "CET"
    assert times.local_is_reference
    assert times.local_date is None
    assert not times.is_night


def test_manila_same_day_afternoon():
    times = session_times(*SESSION_1, "Europe/Zurich", "Asia/Manila", "en")
    assert times.local_range == "14:00–16:00"
    assert times.local_date is None  # same date as in Geneva
    assert not times.is_night


def test_auckland_date_changes_and_is_flagged_at_night():
    # 15:30 UTC on 6 Dec is 04:30 on 7 Dec in Auckland (NZDT, UTC+13).
    times = session_times(*SESSION_2, "Europe/Zurich", "Pacific/Auckland", "en")
    assert times.local_range == "04:30–06:30"
    assert times.local_date is not None and "7" in times.local_date and "Dec" in times.local_date
    assert times.is_night


def test_session_crossing_local_midnight_shows_both_dates():
    times = session_times(*SESSION_2, "Europe/Zurich", "Asia/Manila", "en")
    assert times.local_range == "23:30–01:30"
    assert "6" in times.local_date and "7" in times.local_date


def test_bogota_is_morning_and_not_night():
    times = session_times(*SESSION_2, "Europe/Zurich", "America/Bogota", "en")
    assert times.local_range == "10:30–12:30"
    assert not times.is_night


def test_kiribati_plus_14_is_a_day_ahead():
    evening = session_times(*SESSION_1, "Europe/Zurich", "Pacific/Kiritimati", "en")
    assert evening.local_range == "20:00–22:00" and evening.local_date is None
    next_morning = session_times(*SESSION_2, "Europe/Zurich", "Pacific/Kiritimati", "en")
    assert next_morning.local_range == "05:30–07:30"
    assert "Wed" in next_morning.local_date and "7" in next_morning.local_date


@pytest.mark.parametrize("instant, expected", [
    (dt.datetime(2023, 3, 26, 0, 59, tzinfo=UTC), "CET"),   # just before the spring change
    (dt.datetime(2023, 3, 26, 1, 0, tzinfo=UTC), "CEST"),   # just after it
    (dt.datetime(2023, 10, 29, 0, 59, tzinfo=UTC), "CEST"),
    (dt.datetime(2023, 10, 29, 1, 0, tzinfo=UTC), "CET"),
])
def test_dst_boundaries_in_reference_zone(instant, expected):
    assert zone_abbreviation(instant, "Europe/Zurich") == expected


def test_dst_change_during_a_session_keeps_the_true_duration():
    # 00:30-02:30 UTC on 26 March 2023: Geneva clocks jump from 02:00 to 03:00.
    start = dt.datetime(2023, 3, 26, 0, 30, tzinfo=UTC)
    end = dt.datetime(2023, 3, 26, 2, 30, tzinfo=UTC)
    times = session_times(start, end, "Europe/Zurich", "Europe/Zurich", "en")
    assert times.reference_range == "01:30–04:30"


def test_zone_without_letters_gets_an_offset():
    instant = dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)
    assert zone_abbreviation(instant, "Asia/Dubai") in {"UTC+04", "GST"}
    assert zone_abbreviation(instant, "Asia/Kolkata") == "IST"


def test_localised_formats_in_arabic_keep_latin_digits():
    times = session_times(*SESSION_1, "Europe/Zurich", "Asia/Manila", "ar")
    assert times.local_range == "14:00–16:00"
    assert "ديسمبر" in times.reference_date
