"""Quantities parsed from hand-written sentences: kinds, normalised values, units, spans."""

from __future__ import annotations

import pytest

from geo.quantities import parse_quantities, same_quantity


def only(text: str) -> dict:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def summary(text: str) -> list[tuple]:
    return [(q["kind"], q["value"], q["unit"], q["text"]) for q in parse_quantities(text)]


def test_every_span_is_verbatim():
    text = "In 2024 the 1,040 km line moved 9.5 million tonnes a year worth US$2.1 bn."
    found = parse_quantities(text)
    assert [q["text"] for q in found] == [
        "2024",
        "1,040 km",
        "9.5 million tonnes a year",
        "US$2.1 bn",
    ]
    for q in found:
        assert text[q["start"] : q["end"]] == q["text"]
    assert (found[1]["start"], found[1]["end"]) == (12, 20)


@pytest.mark.parametrize(
    ("text", "value", "rate"),
    [
        ("shipped 1.057 million tons last year", 1_057_000.0, None),
        ("a cargo of 850 tonnes", 850.0, None),
        ("only 40 t of grain", 40.0, None),
        ("a 12 Mt terminal", 12_000_000.0, None),
        ("some 200 thousand tonnes", 200_000.0, None),
        ("reserves of 1.2 bn tonnes", 1_200_000_000.0, None),
        ("a 6 mtpa plant", 6_000_000.0, "year"),
        ("handles 300,000 tpa", 300_000.0, "year"),
        ("15 million t/yr of crude", 15_000_000.0, "year"),
        ("7 million tons annually", 7_000_000.0, "year"),
        ("3 million tonnes per annum", 3_000_000.0, "year"),
        ("2 million tons a year", 2_000_000.0, "year"),
    ],
)
def test_mass(text, value, rate):
    q = only(text)
    assert (q["kind"], q["unit"], q["value"], q["rate"]) == ("mass", "t", value, rate)


def test_up_to_ten_million_tons_per_year():
    q = only("The line will carry up to 10 million tons per year from Aktau.")
    assert q["kind"] == "mass"
    assert q["value"] == 10_000_000.0
    assert q["rate"] == "year"
    assert q["text"] == "10 million tons per year"
    assert q["qualifier"] == "at_most"


def test_rate_after_a_short_of_phrase():
    q = only("It pumped 1.5 million tons of Kazakh oil per year.")
    assert (q["value"], q["rate"]) == (1_500_000.0, "year")
    assert q["text"] == "1.5 million tons of Kazakh oil per year"


def test_a_year_ago_is_not_a_rate():
    q = only("Exports were 4 million tons a year ago.")
    assert (q["value"], q["rate"], q["text"]) == (4_000_000.0, None, "4 million tons")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about 1.2 million barrels per day", 1_200_000.0),
        ("600,000 barrels a day", 600_000.0),
        ("80,000 bpd", 80_000.0),
        ("80,000 b/d", 80_000.0),
        ("a 1.2 million bbl/d system", 1_200_000.0),
        ("1.4 million barrels of oil per day", 1_400_000.0),
    ],
)
def test_oil_flow(text, value):
    q = only(text)
    assert (q["kind"], q["unit"], q["value"], q["rate"]) == ("oil_flow", "bbl/d", value, "day")


def test_barrels_without_per_day_are_a_volume():
    q = only("a tank farm for 3 million barrels")
    assert (q["kind"], q["unit"], q["value"], q["rate"]) == ("oil_volume", "bbl", 3e6, None)


@pytest.mark.parametrize(
    ("text", "value", "rate"),
    [
        ("10 bcm of gas", 10e9, None),
        ("16 billion cubic metres", 16e9, None),
        ("16 billion cubic meters per year", 16e9, "year"),
        ("a 31 bcm/y pipeline", 31e9, "year"),
        ("500 m3 of gas", 500.0, None),
        ("500 m³", 500.0, None),
        ("49.3 mmscm/d", 49.3e6, "day"),
    ],
)
def test_gas_volume(text, value, rate):
    q = only(text)
    assert (q["kind"], q["unit"], q["rate"]) == ("gas_volume", "m3", rate)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a $300 million fund", 300e6, "USD"),
        ("US$1.5 bn", 1.5e9, "USD"),
        ("$55m", 55e6, "USD"),
        ("USD 2 billion", 2e9, "USD"),
        ("200 million dollars", 200e6, "USD"),
        ("200 million US dollars", 200e6, "USD"),
        ("€40 million", 40e6, "EUR"),
        ("12 million euros", 12e6, "EUR"),
        ("£3 bn", 3e9, "GBP"),
        ("5 billion tenge", 5e9, "KZT"),
        ("10 mln manat", 10e6, "AZN"),
        ("2 trillion roubles", 2e12, "RUB"),
        ("800 million rubles", 800e6, "RUB"),
        ("1.2 billion yuan", 1.2e9, "CNY"),
    ],
)
def test_money(text, value, unit):
    q = only(text)
    assert (q["kind"], q["unit"]) == ("money", unit)
    assert q["value"] == pytest.approx(value)


def test_money_is_reported_once_with_its_symbol():
    assert summary("a joint $300 million fund") == [("money", 300_000_000.0, "USD", "$300 million")]


@pytest.mark.parametrize(
    ("text", "value", "verbatim"),
    [
        ("the 1,768 km pipeline", 1768.0, "1,768 km"),
        ("the 1 768 km pipeline", 1768.0, "1 768 km"),
        ("the 1\u202f768 km pipeline", 1768.0, "1\u202f768 km"),
        ("an 826-kilometre railway", 826.0, "826-kilometre"),
        ("a 300-km road", 300.0, "300-km"),
        ("some 500 kilometers long", 500.0, "500 kilometers"),
        ("100 miles of track", 160.9344, "100 miles"),
        ("a 2,000 km route", 2000.0, "2,000 km"),
    ],
)
def test_length(text, value, verbatim):
    q = only(text)
    assert (q["kind"], q["unit"], q["text"]) == ("length", "km", verbatim)
    assert q["value"] == pytest.approx(value)


def test_speed_and_area_are_not_lengths():
    assert parse_quantities("trains at 120 km/h cross 3,000 km² of steppe") == []


@pytest.mark.parametrize("text", ["30%", "30 %", "30 per cent", "30 percent"])
def test_percentage(text):
    q = only(f"a share of {text} of the cargo")
    assert (q["kind"], q["value"], q["unit"], q["text"]) == ("percentage", 30.0, "%", text)


def test_years_standalone_and_in_ranges():
    text = "The 2022–2026 programme, the 2023-2025 roadmap and the 2019 accord."
    assert [(q["kind"], q["value"], q["text"]) for q in parse_quantities(text)] == [
        ("year", 2022.0, "2022"),
        ("year", 2026.0, "2026"),
        ("year", 2023.0, "2023"),
        ("year", 2025.0, "2025"),
        ("year", 2019.0, "2019"),
    ]


def test_year_with_spaced_range_and_event_name():
    assert [q["value"] for q in parse_quantities("for 2022 –2026 and Caspian Winds - 2025")] == [
        2022.0,
        2026.0,
        2025.0,
    ]


def test_number_inside_a_quantity_is_not_a_year():
    assert summary("a 2,000 km line and a 2000 km road, 1950 tonnes, in 2021") == [
        ("length", 2000.0, "km", "2,000 km"),
        ("length", 2000.0, "km", "2000 km"),
        ("mass", 1950.0, "t", "1950 tonnes"),
        ("year", 2021.0, "year", "2021"),
    ]


def test_out_of_range_and_non_year_numbers_are_not_years():
    assert parse_quantities("Order 1899, 2100 units, 12 ships, the 1990s, 2020.5") == []


def test_bare_counts_are_not_reported():
    assert parse_quantities("More than 20 companies signed 14 documents.") == []


def test_ranges_give_both_ends():
    found = parse_quantities("from 10-12 million tonnes and $1-2 billion")
    assert [(q["kind"], q["value"], q["unit"], q["text"]) for q in found] == [
        ("mass", 10e6, "t", "10"),
        ("mass", 12e6, "t", "12 million tonnes"),
        ("money", 1e9, "USD", "$1"),
        ("money", 2e9, "USD", "2 billion"),
    ]


def test_year_before_a_hyphen_or_to_is_not_a_range_low_end():
    assert summary("in 2023-5 million tonnes were shipped") == [
        ("year", 2023.0, "year", "2023"),
        ("mass", 5e6, "t", "5 million tonnes"),
    ]
    assert summary("output rose in 2019 to 2,500 tonnes") == [
        ("year", 2019.0, "year", "2019"),
        ("mass", 2500.0, "t", "2,500 tonnes"),
    ]


@pytest.mark.parametrize(
    ("prefix", "qualifier"),
    [
        ("up to ", "at_most"),
        ("less than ", "at_most"),
        ("more than ", "at_least"),
        ("over ", "at_least"),
        ("at least ", "at_least"),
        ("about ", "about"),
        ("nearly ", "about"),
        ("", None),
    ],
)
def test_qualifiers(prefix, qualifier):
    q = only(f"a cost of {prefix}$4 billion")
    assert q["qualifier"] == qualifier
    assert q["text"] == "$4 billion"


def test_power_electricity_and_containers():
    assert summary("a 4 GW cable, 5 TWh a year, 100,000 TEU") == [
        ("power", 4000.0, "MW", "4 GW"),
        ("electricity", 5e9, "kWh", "5 TWh a year"),
        ("containers", 100_000.0, "TEU", "100,000 TEU"),
    ]


def test_several_quantities_in_text_order():
    text = (
        "By 2030 the 1,200-km route should carry 500,000 TEU and 25 million tonnes a year, "
        "a 30% rise, for $2.5bn."
    )
    assert [q["kind"] for q in parse_quantities(text)] == [
        "year",
        "length",
        "containers",
        "mass",
        "percentage",
        "money",
    ]


def test_same_quantity():
    a = only("1.057 million tons")
    assert same_quantity(a, only("1.06 million tonnes"))
    assert not same_quantity(a, only("1.5 million tons"))
    assert not same_quantity(a, only("$1.057 million"))
    # A rate only disagrees with a different rate, not with a missing one.
    assert same_quantity(only("10 million tons per year"), only("10 million tonnes"))
    assert not same_quantity(only("10 mt per year"), only("10 mt per day"))
    # Years are exact even though 2023 and 2024 differ by < 5%.
    assert not same_quantity(only("in 2023"), only("in 2024"))
    assert same_quantity(only("in 2023"), only("since 2023"))


def test_same_quantity_tolerance():
    a, b = only("100 km"), only("108 km")
    assert not same_quantity(a, b)
    assert same_quantity(a, b, tolerance=0.08)


# --- Russian ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "span", "rate"),
    [
        ("перевалка 10 млн тонн в год", "mass", 10e6, "t", "10 млн тонн в год", "year"),
        ("отгружено 1,5 млн т нефти", "mass", 1.5e6, "t", "1,5 млн т", None),
        ("около 1,5 тыс. тонн грузов", "mass", 1500.0, "t", "1,5 тыс. тонн", None),
        ("не менее 4 млн т/год", "mass", 4e6, "t", "4 млн т/год", "year"),
        (
            "13 млн тонн казахстанской нефти в год",
            "mass",
            13e6,
            "t",
            "13 млн тонн казахстанской нефти в год",
            "year",
        ),
        ("1,2 млн баррелей в сутки", "oil_flow", 1.2e6, "bbl/d", "1,2 млн баррелей в сутки", "day"),
        (
            "1,2 млн баррелей нефти в сутки",
            "oil_flow",
            1.2e6,
            "bbl/d",
            "1,2 млн баррелей нефти в сутки",
            "day",
        ),
        ("свыше 600 тыс. барр./сут", "oil_flow", 600e3, "bbl/d", "600 тыс. барр./сут", "day"),
        ("запасы 7 млн баррелей нефти", "oil_volume", 7e6, "bbl", "7 млн баррелей", None),
        (
            "около 80 млрд кубометров газа в год",
            "gas_volume",
            80e9,
            "m3",
            "80 млрд кубометров газа в год",
            "year",
        ),
        ("16 млрд куб. м газа", "gas_volume", 16e9, "m3", "16 млрд куб. м", None),
        ("протяжённость 1768 км", "length", 1768.0, "km", "1768 км", None),
        ("1 768 километров трубы", "length", 1768.0, "km", "1 768 километров", None),
        ("300 млн долларов", "money", 300e6, "USD", "300 млн долларов", None),
        ("кредит $1,5 млрд", "money", 1.5e9, "USD", "$1,5 млрд", None),
        ("2,5 млрд евро", "money", 2.5e9, "EUR", "2,5 млрд евро", None),
        ("500 млн руб. в год", "money", 500e6, "RUB", "500 млн руб. в год", "year"),
        ("порядка 30 процентов", "percentage", 30.0, "%", "30 процентов", None),
    ],
)
def test_russian_figures_in_the_same_units_as_english(text, kind, value, unit, span, rate):
    q = only(text)
    assert (q["kind"], q["unit"], q["text"], q["rate"]) == (kind, unit, span, rate)
    assert q["value"] == pytest.approx(value)
    assert text[q["start"] : q["end"]] == q["text"]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("около 10 млн тонн", "about"),
        ("порядка 10 млн тонн", "about"),
        ("почти 10 млн тонн", "about"),
        ("до 10 млн тонн", "at_most"),
        ("не более 10 млн тонн", "at_most"),
        ("более 10 млн тонн", "at_least"),
        ("свыше 10 млн тонн", "at_least"),
        ("не менее 10 млн тонн", "at_least"),
        ("10 млн тонн", None),
    ],
)
def test_russian_qualifiers(text, qualifier):
    assert only(text)["qualifier"] == qualifier


@pytest.mark.parametrize("text", ["от 10 до 12 млн т", "10–12 млн тонн", "около 10-12 млн тонн"])
def test_russian_ranges_give_both_ends(text):
    low, high = parse_quantities(text)
    assert (low["value"], high["value"]) == (10e6, 12e6)
    assert low["text"] == "10" and high["text"].startswith("12 млн")
    # «до» between the ends is the range's separator, not "up to".
    assert low["qualifier"] == high["qualifier"] == ("about" if "около" in text else None)


def test_decimal_comma_and_space_grouping():
    assert only("1,057 млн т")["value"] == pytest.approx(1_057_000)  # comma is decimal
    assert only("1,5 км")["value"] == 1.5
    # No scale word and three digits after the comma: the English grouping.
    assert only("участок 1,768 км")["value"] == 1768.0


def test_russian_years_and_counts():
    found = summary("В 2024 году прокачано 1,5 млн тонн, до 2030 года больше.")
    assert found == [
        ("year", 2024.0, "year", "2024"),
        ("mass", 1_500_000.0, "t", "1,5 млн тонн"),
        ("year", 2030.0, "year", "2030"),
    ]
    assert summary("более 2000 вагонов") == []  # a count, not a year
    assert summary("скорость 80 км/ч") == []  # a speed, not a length


def test_russian_and_english_figures_are_the_same_quantity():
    pairs = [
        ("1,2 млн баррелей в сутки", "1.2 million barrels per day"),
        ("10 млн тонн в год", "10 million tonnes a year"),
        ("16 млрд куб. м", "16 bcm"),
        ("1768 км", "1,768 km"),
        ("$1,5 млрд", "US$1.5 bn"),
    ]
    for russian, english in pairs:
        assert same_quantity(only(russian), only(english)), (russian, english)
    assert not same_quantity(only("10 млн тонн в год"), only("10 million tonnes a day"))


def test_russian_patterns_stay_out_of_english_text():
    # "300 $" is read only in Cyrillic text; English never writes a sum that way.
    assert summary("It cost 300 $ to ship.") == []
    assert summary("Это стоило 300 $.") == [("money", 300.0, "USD", "300 $")]
