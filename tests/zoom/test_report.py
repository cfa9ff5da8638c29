"""Parsing Zoom's portal attendee report CSV."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from eventhub.zoom.report import (
    ReportFormatError,
    parse_attendee_report,
    parse_report_datetime,
)

FIXTURE = Path(__file__).parent / "data" / "attendee_report.csv"
UTC = timezone.utc

ATTENDEE_HEADER = ("Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,"
                   "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name")


def attendee_file(*rows: str, preamble: str = "Attendee Report\n") -> str:
    return preamble + "Attendee Details\n" + ATTENDEE_HEADER + "\n" + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def report():
    return parse_attendee_report(FIXTURE.read_bytes())


def test_fixture_is_real_shaped():
    raw = FIXTURE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw


def test_summary_is_read(report):
    assert report.webinar_id == "84759841045"
    assert report.topic == "Consultation on water, sanitation and climate"
    assert report.actual_start_time == datetime(2025, 3, 22, 18, 58, 11, tzinfo=UTC)
    assert report.problems == []


def test_only_attendee_section_rows_are_returned(report):
    emails = [row.email for row in report.rows]
    assert "host@example.org" not in emails and "speaker@example.org" not in emails
    assert len(report.rows) == 5


def test_arabic_name_and_lowercased_email(report):
    amina = report.rows[0]
    assert amina.name == "أمينة حداد"
    assert (amina.first_name, amina.last_name) == ("أمينة", "حداد")
    assert amina.email == "amina.haddad@example.org"
    assert amina.attended is True and amina.is_guest is False
    assert amina.country == "Morocco"
    assert amina.approval_status == "approved"


def test_month_name_dates_become_aware_utc(report):
    amina = report.rows[0]
    assert amina.registration_time == datetime(2025, 3, 20, 9, 0, 0, tzinfo=UTC)
    assert amina.join_time == datetime(2025, 3, 22, 19, 13, 27, tzinfo=UTC)
    assert amina.leave_time == datetime(2025, 3, 22, 19, 45, 2, tzinfo=UTC)
    assert amina.minutes == 32


def test_slash_dates_with_am_pm_and_quoted_comma_in_name(report):
    jean = report.rows[2]
    assert jean.name == "Dupont, Jean (Jean D.)"
    assert jean.registration_time == datetime(2026, 8, 9, 10, 45, tzinfo=UTC)
    assert jean.join_time == datetime(2026, 8, 9, 14, 5, tzinfo=UTC)
    assert jean.leave_time == datetime(2026, 8, 9, 15, 10, 30, tzinfo=UTC)


def test_absent_values_become_none(report):
    maria = report.rows[3]
    assert maria.attended is False
    assert maria.join_time is None and maria.leave_time is None and maria.minutes is None
    assert maria.is_guest is None
    guest = report.rows[4]
    assert guest.email is None and guest.first_name is None and guest.country is None
    assert guest.is_guest is True and guest.minutes == 20


def test_extra_columns_are_kept_by_header(report):
    assert report.rows[0].extra == {"Parliament": "Chamber of Representatives, Morocco"}
    assert report.rows[2].extra == {"Parliament": "Assemblée nationale", "Source Name": "newsletter"}
    assert report.rows[2].phone == "+33 1 23 45 67 89" and report.rows[0].phone is None


def test_person_with_two_rows_is_merged_by_email(report):
    attendance = report.attendance_by_email()
    amina = attendance["amina.haddad@example.org"]
    assert amina.sessions == 2
    assert amina.total_minutes == 32 + 69
    assert amina.first_join == datetime(2025, 3, 22, 19, 13, 27, tzinfo=UTC)
    assert amina.last_leave == datetime(2025, 3, 22, 20, 58, 40, tzinfo=UTC)
    assert attendance["maria.garcia@example.es"].attended is False
    assert attendance["maria.garcia@example.es"].sessions == 0
    assert set(attendance) == {"amina.haddad@example.org", "jean.dupont@example.fr", "maria.garcia@example.es"}


def test_account_time_zone_is_converted_to_utc():
    report = parse_attendee_report(FIXTURE.read_bytes(), timezone="Europe/Paris")
    amina, _, jean = report.rows[:3]
    # 22 March 2025 is winter time in Paris (UTC+1); 9 August 2026 summer time (UTC+2).
    assert amina.join_time == datetime(2025, 3, 22, 18, 13, 27, tzinfo=UTC)
    assert jean.join_time == datetime(2026, 8, 9, 12, 5, tzinfo=UTC)
    assert report.actual_start_time == datetime(2025, 3, 22, 17, 58, 11, tzinfo=UTC)


def test_accepts_text_with_bom_and_lf_newlines():
    text = FIXTURE.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert text.startswith("\ufeff")
    assert len(parse_attendee_report(text).rows) == 5


def test_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        parse_attendee_report(FIXTURE.read_bytes(), timezone="Mars/Olympus_Mons")


@pytest.mark.parametrize("text, expected", [
    ("Mar 22, 2025 19:13:27", datetime(2025, 3, 22, 19, 13, 27, tzinfo=UTC)),
    ("Sept 2, 2025 07:00:00", datetime(2025, 9, 2, 7, 0, tzinfo=UTC)),
    ("08/09/2026 10:45:00 AM", datetime(2026, 8, 9, 10, 45, tzinfo=UTC)),
    ("08/09/2026 12:05:00 AM", datetime(2026, 8, 9, 0, 5, tzinfo=UTC)),
    ("08/09/2026 12:05:00 PM", datetime(2026, 8, 9, 12, 5, tzinfo=UTC)),
    ("8/9/2026 14:05", datetime(2026, 8, 9, 14, 5, tzinfo=UTC)),
    ("2025-03-22 19:13:27", datetime(2025, 3, 22, 19, 13, 27, tzinfo=UTC)),
    ("--", None),
    ("", None),
])
def test_parse_report_datetime(text, expected):
    assert parse_report_datetime(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "Foo 22, 2025 19:13:27", "02/30/2025 10:00:00 AM",
                                  "08/09/2026 13:05:00 PM", "Mar 22, 2025 25:00:00"])
def test_parse_report_datetime_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_report_datetime(text)


# ------------------------------------------------------------------ malformed --


@pytest.mark.parametrize("data", [
    b"",
    b"\xef\xbb\xbf",
    b"Topic,Webinar ID\nSomething,847 5984 1045\n",
    b"Meeting Report\nParticipants\nName,Email\nA,a@example.org\n",
    bytes(range(256)) * 4,
    "<html><body>Session expired</body></html>",
])
def test_file_without_attendee_section_raises_clear_error(data):
    with pytest.raises(ReportFormatError, match="Attendee Details"):
        parse_attendee_report(data)


def test_bad_rows_are_reported_and_good_rows_kept():
    data = attendee_file(
        'Yes,Good Person,Good,Person,good@example.org,--,"Mar 20, 2025 09:00:00",approved,'
        '"Mar 22, 2025 19:00:00","Mar 22, 2025 19:30:00",30,No,Chile',
        'Yes,Bad Date,Bad,Date,baddate@example.org,--,--,approved,yesterday,"Mar 22, 2025 19:30:00",30,No,--',
        'Yes,Bad Minutes,Bad,Minutes,badminutes@example.org,--,--,approved,--,--,thirty,No,--',
        'Maybe,Odd Flag,Odd,Flag,odd@example.org,--,--,approved,--,--,--,Perhaps,--',
        'Yes,--,--,--,--,--,--,--,--,--,--,--,--',
        'Yes,No At Sign,No,At,not-an-email,--,--,approved,--,--,--,No,--',
        'a lonely value',
        'Yes,Short Row,Short,Row,short@example.org',
    )
    report = parse_attendee_report(data)
    by_email = {row.email: row for row in report.rows}

    assert by_email["good@example.org"].minutes == 30
    assert by_email["baddate@example.org"].join_time is None
    assert by_email["baddate@example.org"].leave_time is not None
    assert by_email["badminutes@example.org"].minutes is None
    odd = by_email["odd@example.org"]
    assert odd.attended is False and odd.is_guest is None  # unreadable flag, no join: not attended
    assert by_email["short@example.org"].join_time is None
    assert by_email[None].name == "No At Sign"
    assert len(report.rows) == 6  # the all-'--' row is skipped

    problems = "\n".join(report.problems)
    assert "line 5: unreadable Join Time" in problems
    assert "line 6: unreadable Time in Session" in problems
    assert "line 7: unreadable Attended" in problems and "line 7: unreadable Is Guest" in problems
    assert "line 8: no email or name, row skipped" in problems
    assert "line 9: 'not-an-email' is not an email address" in problems
    assert "line 10: single value 'a lonely value'" in problems


def test_attendee_section_ends_at_next_section():
    data = attendee_file(
        'Yes,A,A,A,a@example.org,--,--,approved,--,--,--,No,--',
        preamble="Attendee Report\n",
    ) + "Other Attended\nUser Name,Email\nSomeone,someone@example.org\n"
    report = parse_attendee_report(data)
    assert [row.email for row in report.rows] == ["a@example.org"]


def test_header_without_email_or_name_is_a_problem_not_a_crash():
    report = parse_attendee_report("Attendee Details\nFoo,Bar\n1,2\n")
    assert report.rows == []
    assert "neither Email nor User Name" in report.problems[0]


def test_empty_attendee_section():
    report = parse_attendee_report("Attendee Report\nAttendee Details\n\n\n")
    assert report.rows == [] and report.problems == ["'Attendee Details' section is empty"]


def test_bad_webinar_id_in_summary_is_a_problem():
    data = attendee_file('Yes,A,A,A,a@example.org,--,--,approved,--,--,--,No,--',
                         preamble="Topic,Webinar ID\nX,not-an-id\n")
    report = parse_attendee_report(data)
    assert report.webinar_id is None and report.topic == "X"
    assert any("Webinar ID" in problem for problem in report.problems)


def test_windows_1252_file_is_read_with_a_warning():
    data = attendee_file('Yes,José Núñez,José,Núñez,jose@example.org,--,--,approved,--,--,--,No,Perú')
    report = parse_attendee_report(data.encode("cp1252"))
    assert report.rows[0].name == "José Núñez"
    assert "not valid UTF-8" in report.problems[0]


def test_unterminated_quote_and_nul_bytes_do_not_crash():
    data = attendee_file('Yes,A,A,A,a@example.org,--,--,approved,--,--,--,No,--',
                         'Yes,"Broken, quote,b@example.org') + "\x00"
    report = parse_attendee_report(data)
    assert report.rows[0].email == "a@example.org"
    assert any("NUL" in problem for problem in report.problems)


def test_random_garbage_never_raises_anything_but_report_format_error():
    # Cheap fuzzing without extra dependencies: mangle the real fixture.
    original = FIXTURE.read_bytes()
    generator = random.Random(20250322)
    alphabet = b',"\r\n-:/ 0123456789APMYesNo\xd8\xa3\xef\xbb\xbf\x00'
    for _ in range(300):
        mangled = bytearray(original)
        for _ in range(generator.randint(1, 40)):
            position = generator.randrange(len(mangled))
            action = generator.random()
            if action < 0.4:
                mangled[position] = generator.choice(alphabet)
            elif action < 0.7:
                del mangled[position]
            else:
                mangled.insert(position, generator.choice(alphabet))
        try:
            result = parse_attendee_report(bytes(mangled))
        except ReportFormatError:
            continue
        assert all(isinstance(problem, str) for problem in result.problems)
