"""Countries (ISO 3166-1 alpha-2) with names from CLDR via Babel, and their UN region.

Regions follow the United Nations Statistics Division's "Standard country or area codes
for statistical use" (M49), top level: Africa (002), Americas (019), Asia (142),
Europe (150), Oceania (009). Source: https://unstats.un.org/unsd/methodology/m49/ .
M49 lists Cyprus and Türkiye under Western Asia and the Russian Federation under Eastern
Europe; Taiwan, which M49 does not list separately, is placed in Asia; Antarctica (AQ)
belongs to no region. Region names are CLDR's, so they are localised like country names.
The IPU's own geopolitical groups differ from M49 and change over time; they are not used.
"""
from __future__ import annotations

from babel import Locale

#: M49 region code -> ISO 3166-1 alpha-2 codes of the countries and areas in it.
REGION_MEMBERS: dict[str, tuple[str, ...]] = {
    "002": tuple("""
        DZ EG LY MA SD TN EH
        IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW
        AO CM CF TD CG CD GQ GA ST
        BW SZ LS NA ZA
        BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG
    """.split()),
    "019": tuple("""
        AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI
        BZ CR SV GT HN MX NI PA
        AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE
        BM CA GL PM US
    """.split()),
    "142": tuple("""
        KZ KG TJ TM UZ
        CN HK MO KP JP MN KR TW
        BN KH ID LA MY MM PH SG TH TL VN
        AF BD BT IN IR MV NP PK LK
        AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE
    """.split()),
    "150": tuple("""
        BY BG CZ HU PL MD RO RU SK UA
        AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB
        AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES
        AT BE FR DE LI LU MC NL CH
    """.split()),
    "009": tuple("""
        AU CX CC HM NZ NF
        FJ NC PG SB VU
        GU KI MH FM NR MP PW UM
        AS CK PF NU PN WS TK TO TV WF
    """.split()),
}
#: Order of regions in tables: M49 order.
REGION_ORDER = ("002", "019", "142", "150", "009")
#: Pseudo-region for a country outside the table (AQ) or none given.
NO_REGION = "ZZ"

REGION_OF: dict[str, str] = {
    code: region for region, codes in REGION_MEMBERS.items() for code in codes
}
#: Every code the forms and the API accept.
COUNTRY_CODES: frozenset[str] = frozenset(REGION_OF) | {"AQ"}


def region_of(country: str) -> str:
    return REGION_OF.get((country or "").upper(), NO_REGION)


def country_name(code: str, lang: str = "en") -> str:
    code = (code or "").upper()
    return Locale.parse(lang).territories.get(code, code)


def region_name(region: str, lang: str = "en") -> str:
    return Locale.parse(lang).territories.get(region, region)


def country_choices(lang: str) -> list[tuple[str, str]]:
    """(code, name) pairs for a select, sorted by the localised name."""
    from .folding import fold

    names = Locale.parse(lang).territories
    pairs = [(code, names.get(code, code)) for code in COUNTRY_CODES]
    return sorted(pairs, key=lambda pair: (fold(pair[1]), pair[0]))
