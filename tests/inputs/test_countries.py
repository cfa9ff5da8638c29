"""The country list and the M49 region table."""
from babel import Locale

from eventhub.inputs.countries import COUNTRY_CODES, REGION_MEMBERS, country_choices, region_of


def test_every_iso_country_known_to_cldr_has_one_region():
    members = [code for codes in REGION_MEMBERS.values() for code in codes]
    assert len(members) == len(set(members)) == 248  # 249 ISO 3166-1 codes less Antarctica
    cldr = {code for code in Locale.parse("en").territories if len(code) == 2}
    assert set(members) <= cldr and "AQ" in COUNTRY_CODES
    # CLDR's extra two-letter codes are not countries: EU, UN, XK (user-assigned)...
    assert not {"EU", "UN", "XK", "ZZ", "QO"} & COUNTRY_CODES


def test_region_spot_checks():
    assert [region_of(c) for c in ("SN", "MX", "JP", "CH", "FJ", "CY", "TR", "RU", "AQ", "")] == [
        "002", "019", "142", "150", "009", "142", "142", "150", "ZZ", "ZZ"]


def test_choices_are_localised_and_sorted():
    french = dict(country_choices("fr"))
    assert french["DE"] == "Allemagne" and french["EG"] == "Égypte"
    names = [name for _, name in country_choices("fr")]
    assert names.index("Égypte") < names.index("Espagne")  # accents do not push É to the end
    assert dict(country_choices("ar"))["SN"] == "السنغال"
