"""The registrations list's pages (keyset, bare page numbers, kept totals) give the rows,
order and counts of a plain query, for every filter and every way a page is reached; what
is kept follows every change at once, whoever made it."""
from __future__ import annotations

import re

import pytest

from eventhub.console import paging
from eventhub.extensions import db
from eventhub.registration import search
from eventhub.registration.models import Registration

from .helpers import make_registration

LIST = "/console/e/safe-cyberspace-2022/registrations"
PER_PAGE = 3

#: Awkward names: HTML characters, Arabic, accents, equal family names (the id decides).
NAMES = [
    ("Amina", "Diallo"), ("Omar", "الخطيب"), ("Lucía", "Pérez"), ("Jean <b>", "Dubois & Fils"),
    ("Zoë", "Diallo"), ("Amina", "Diallo"), ("فاطمة", "الخطيب"), ("Ana", "O'Neil \"Jr\""),
    ("Élodie", "Émond"), ("Kim", "kim"), ("李", "王"), ("Marie", "Dubois"), ("Sara", "Pérez"),
]
COUNTRIES = ["SN", "JO", "MX", "FR"]
ROLES = ["member", "staff", "other"]
LANGUAGES = ["en", "fr", "es", "ar"]
STATUSES = ["confirmed", "waitlisted", "cancelled"]


@pytest.fixture
def crowd(demo_event, monkeypatch):
    from eventhub.console import blueprint

    monkeypatch.setattr(blueprint, "PAGE_SIZE", PER_PAGE)
    paging.forget_kept()
    people = []
    for number, (given, family) in enumerate(NAMES * 2):
        places = [(1, LANGUAGES[number % 4], STATUSES[number % 3])]
        if number % 2:
            places.append((2, LANGUAGES[(number + 1) % 4], STATUSES[(number + 2) % 3]))
        people.append(make_registration(
            demo_event, given_name=given, family_name=family, email=f"p{number}@parl{number % 3}.example",
            country=COUNTRIES[number % 4], role=ROLES[number % 3], parliament=f"Parliament {number % 5}",
            places=places))
    yield people
    paging.forget_kept()


def expected_ids(event, filters: dict) -> list[int]:
    """The plain answer: matching people chosen in Python, ordered by the database."""
    matching = []
    for registration in db.session.execute(
            db.select(Registration).where(Registration.event_id == event.id)).scalars():
        if filters.get("country") and registration.country != filters["country"]:
            continue
        if filters.get("role") and registration.role != filters["role"]:
            continue
        if filters.get("q"):
            terms = search.registration_terms(registration)
            if not all(any(term.startswith(word) for term in terms) for word in search.words(filters["q"])):
                continue
        if any(filters.get(key) for key in ("session", "status", "language")):
            if not any((not filters.get("session") or place.session.number == int(filters["session"]))
                       and (not filters.get("status") or place.status == filters["status"])
                       and (not filters.get("language") or place.listening_language == filters["language"])
                       for place in registration.sessions):
                continue
        matching.append(registration.id)
    return list(db.session.execute(
        db.select(Registration.id).where(Registration.id.in_(matching))
        .order_by(Registration.family_name, Registration.given_name, Registration.id)).scalars())


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(rf'href="{LIST}/(\d+)"', page)]


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def query_string(filters: dict) -> str:
    return "&".join(f"{key}={value}" for key, value in filters.items())


FILTERS = [
    {},
    {"country": "SN"},
    {"role": "staff"},
    {"status": "waitlisted"},
    {"session": "2"},
    {"language": "ar"},
    {"q": "diallo"},
    {"q": "الخطيب"},
    {"country": "JO", "status": "confirmed"},
    {"session": "1", "language": "fr", "status": "cancelled"},
    {"role": "member", "session": "2", "status": "confirmed"},
    {"country": "MX", "q": "perez"},
    {"country": "ZZ"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: query_string(f) or "none")
def test_every_way_to_a_page_gives_the_plain_querys_rows_and_count(signed_in_organiser, demo_event, crowd,
                                                                    filters):
    expected = expected_ids(demo_event, filters)
    pages = [expected[i:i + PER_PAGE] for i in range(0, len(expected), PER_PAGE)] or [[]]
    extra = query_string(filters)
    first = signed_in_organiser.get(f"{LIST}?{extra}").get_data(as_text=True)
    assert f"{len(expected)} registration" in first
    # Forward by "Next page" (after=), then back by "Previous page" (before=).
    seen, page, url = [], first, None
    for number, rows in enumerate(pages, start=1):
        if url:
            page = signed_in_organiser.get(url).get_data(as_text=True)
        assert ids_on(page) == rows, f"page {number} forward"
        if len(pages) > 1:
            assert f"Page {number} of {len(pages)}" in page
        seen.extend(rows)
        url = link(page, "next")
    assert url is None and seen == expected
    for number in range(len(pages) - 1, 0, -1):
        url = link(page, "prev")
        assert "before=" in url
        page = signed_in_organiser.get(url).get_data(as_text=True)
        assert ids_on(page) == pages[number - 1], f"page {number} backward"
    assert link(page, "prev") is None
    # A bare page number, in any order (the kept page starts are read once, then seeked).
    for number in [*range(len(pages), 0, -1), *range(1, len(pages) + 1)]:
        page = signed_in_organiser.get(f"{LIST}?page={number}&{extra}").get_data(as_text=True)
        assert ids_on(page) == pages[number - 1], f"page={number}"
    # Past the end: no row, no 500; a cursor whose row is gone falls back to the number.
    assert ids_on(signed_in_organiser.get(f"{LIST}?page={len(pages) + 5}&{extra}").get_data(as_text=True)) == []
    gone = signed_in_organiser.get(f"{LIST}?page=1&after=999999&{extra}")
    assert gone.status_code == 200 and ids_on(gone.get_data(as_text=True)) == pages[0]


def test_a_bare_page_number_and_the_total_follow_changes_made_anywhere(signed_in_organiser, demo_event, crowd):
    """Changes made outside this process's views (another instance, a job, the CLI) show at
    once: what is kept is keyed by a version read from the database."""
    before = ids_on(signed_in_organiser.get(f"{LIST}?page=2").get_data(as_text=True))
    assert before == expected_ids(demo_event, {})[PER_PAGE:2 * PER_PAGE]
    # A new person whose name sorts first shifts every page by one.
    newcomer = make_registration(demo_event, given_name="Aaron", family_name="Aalto", places=((1, "en", "confirmed"),))
    page = signed_in_organiser.get(f"{LIST}?page=2").get_data(as_text=True)
    assert ids_on(page) == expected_ids(demo_event, {})[PER_PAGE:2 * PER_PAGE]
    assert f"{len(crowd) + 1} registrations match" in page
    # A renamed person moves.
    newcomer.family_name = "Zzyzx"
    db.session.commit()
    assert ids_on(signed_in_organiser.get(f"{LIST}?page=1").get_data(as_text=True)) == expected_ids(demo_event, {})[:PER_PAGE]
    order = expected_ids(demo_event, {})
    number = order.index(newcomer.id) // PER_PAGE + 1
    assert number > 1
    assert ids_on(signed_in_organiser.get(f"{LIST}?page={number}").get_data(as_text=True)) == \
        order[(number - 1) * PER_PAGE:number * PER_PAGE]
    # A place changing status changes the status filter's count and pages.
    waiting = f"{LIST}?status=waitlisted"
    count = len(expected_ids(demo_event, {"status": "waitlisted"}))
    assert f"{count} registration" in signed_in_organiser.get(waiting).get_data(as_text=True)
    place = next(p for r in crowd for p in r.sessions if p.status == "confirmed")
    place.status = "waitlisted"
    db.session.commit()
    assert f"{count + 1} registration" in signed_in_organiser.get(waiting).get_data(as_text=True)
    assert ids_on(signed_in_organiser.get(f"{waiting}&page=2").get_data(as_text=True)) == \
        expected_ids(demo_event, {"status": "waitlisted"})[PER_PAGE:2 * PER_PAGE]
    # A person removed.
    db.session.delete(crowd[0])
    db.session.commit()
    page = signed_in_organiser.get(f"{LIST}?page=1").get_data(as_text=True)
    assert ids_on(page) == expected_ids(demo_event, {})[:PER_PAGE]
    assert f"{len(crowd)} registrations match" in page


@pytest.mark.parametrize("bad", ["page=-3", "page=abc", "page=99999999999999999999", "after=-1", "before=abc",
                                 "after=1&before=2", "page=2&status=nope"])
def test_odd_paging_arguments_never_fail(signed_in_organiser, crowd, bad):
    # A page past any possible one is a 404 (eventhub.bounds.int_arg), never a 500.
    assert signed_in_organiser.get(f"{LIST}?{bad}").status_code in (200, 404)



@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_rows_render_byte_for_byte_as_with_a_label_call_per_row(signed_in_organiser, demo_event, crowd,
                                                                 monkeypatch, lang):
    """Row labels computed once per page (``row_labels``) and country names from a kept
    locale give the page the former template (one ``labels`` call per row) gave."""
    from pathlib import Path

    import flask

    from eventhub.console import blueprint, labels

    make_registration(demo_event, given_name="<script>x</script>", family_name="Ünal & Co", country="",
                      places=((1, "ar", "waitlisted"), (2, "fr", "cancelled")))
    make_registration(demo_event, given_name="Kosovo", family_name="Aaa", country="XK", role="other",
                      places=((2, "es", "confirmed"),))
    source = (Path(flask.current_app.root_path).parent / "templates/console/registrations.html").read_text()
    former = (source.replace("row_labels.country(", "labels.country_name(")
              .replace("row_labels.role(", "labels.role_label(")
              .replace("row_labels.status(", "labels.status_label(")
              .replace("row_labels.language(", "labels.language_label("))
    assert former != source and "row_labels" not in former
    real = blueprint.render_template
    pages = {}

    def both(name, **context):
        page = real(name, **context)
        if name == "console/registrations.html":
            labels._territories.cache_clear()
            pages["former"] = flask.render_template_string(former, **context)
            pages["page"] = page
        return page

    monkeypatch.setattr(blueprint, "render_template", both)
    for query in ("", "&page=2", "&country=JO", "&q=diallo", "&status=waitlisted&language=ar"):
        response = signed_in_organiser.get(f"{LIST}?lang={lang}{query}")
        assert response.status_code == 200
        assert pages["page"] == pages["former"], query
        assert f'lang="{lang}"' in pages["page"]
    assert labels.country_choices(lang) == _former_country_choices(lang)


def _former_country_choices(lang):
    from babel import Locale

    locale = Locale.parse(lang)
    names = {code: name for code, name in locale.territories.items()
             if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}}
    return sorted(names.items(), key=lambda item: item[1].casefold())
