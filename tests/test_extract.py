"""Ingest and add-article on texts written for the tests, never seen in the seeds."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from pagedata import embedded_properties

from geo.articles import ArticleRefused, add_article
from geo.atlas import load_atlas
from geo.cli import cli
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher
from geo.layout import REPO_ROOT, Layout

NEW_TEXT = (
    "Shipping lines said the Trans-Caspian International Transport Route carried more boxes "
    "this year. The corridor still suffers from congestion at the port of Kurik, officials "
    "in Astana admitted.\n\n"
    "SOCAR reported that the Baku–Tbilisi–Ceyhan pipeline pumped about 600,000 barrels per "
    "day in March, while the Baku-Supsa line stayed idle.\n\n"
    "A new 826-kilometre railway timetable was agreed for the Kars–Tbilisi–Baku line.\n\n"
    "Farmers in the valley talked about the weather."
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture()
def proposals(atlas):
    return propose_claims(NEW_TEXT, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)


def test_proposals_quote_the_text_at_their_offsets(proposals):
    assert proposals
    for proposal in proposals:
        assert NEW_TEXT[proposal["start"] : proposal["end"]] == proposal["quote"]


def test_aliases_link_names_spellings_and_back_references(proposals):
    by_start = {p["quote"].split()[0]: p for p in proposals}
    assert by_start["Shipping"]["feature_ids"] == ["middle_corridor"]
    # "The corridor" refers back to the Middle Corridor; "Kurik" is a spelling of Kuryk.
    corridor = by_start["The"]
    assert "kuryk_port" in corridor["feature_ids"]
    assert "middle_corridor" in corridor["feature_ids"]
    assert "Astana" in corridor["places"]
    socar = by_start["SOCAR"]
    assert {"btc_pipeline", "baku_supsa_pipeline"} <= set(socar["feature_ids"])
    assert socar["topic"] == "energy"
    assert any(q["unit"] == "bbl/d" and q["value"] == 600000 for q in socar["quantities"])


def test_sentences_about_nothing_mapped_are_not_proposed(proposals):
    assert not any("Farmers" in p["quote"] for p in proposals)


def test_ingest_prints_json_lines(tmp_path):
    article = tmp_path / "new.txt"
    article.write_text(NEW_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(article)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines and all(
        {"quote", "start", "end", "feature_ids", "places", "topic", "quantities"} <= set(line)
        for line in lines
    )
    railway = [line for line in lines if "btk_railway" in line["feature_ids"]]
    assert railway and railway[0]["quantities"][0]["unit"] == "km"


@pytest.fixture()
def copy_root(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    return root


def _snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_add_article_round_trips_into_the_map_data(copy_root, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(NEW_TEXT, encoding="utf-8")
    added = add_article(
        article,
        title="Boxes on the Caspian",
        publisher="Test Wire",
        url="https://example.org/boxes",
        date="2026-11-01",
        layout=Layout(copy_root),
    )
    assert (copy_root / "seeds" / f"{added.source_id}.txt").read_bytes() == article.read_bytes()
    atlas = load_atlas(Layout(copy_root))
    assert added.source_id in atlas.sources
    mine = atlas.claims[atlas.claims["source_id"] == added.source_id]
    assert len(mine) == added.n_claims > 0
    assert set(mine["origin"]) == {"extracted"}
    assert not [p for p in atlas.problems if added.source_id in str(p)]


RUSSIAN_TEXT = (
    "АКТАУ, 3 июня. Паромы из Курыка в Алят в мае перевезли больше вагонов, чем год назад.\n\n"
    "По нефтепроводу КТК за пять месяцев прокачано 26 млн тонн нефти. Трубопровод идёт от "
    "Тенгиза до морского терминала под Новороссийском.\n\n"
    "Фермеры говорили о погоде."
)


def test_a_russian_article_added_on_the_command_line_is_drawn_with_its_claims(copy_root, tmp_path):
    article = tmp_path / "ru.txt"
    article.write_text(RUSSIAN_TEXT, encoding="utf-8")
    added = CliRunner().invoke(
        cli,
        ["add-article", str(article), "--title", "Паромы и КТК", "--publisher", "Тест",
         "--url", "https://example.org/ru", "--date", "2026-06-03", "--language", "ru",
         "--root", str(copy_root)],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    atlas = load_atlas(Layout(copy_root))
    source_id = next(s for s, meta in atlas.sources.items() if meta.url == "https://example.org/ru")
    assert atlas.sources[source_id].language == "ru"
    mine = atlas.claims[atlas.claims["source_id"] == source_id]
    by_quote = {row.quote.split()[0]: row for row in mine.itertuples()}
    ferries = by_quote["Паромы"]
    assert {"kuryk_port", "alat_port", "mc_ferry_kuryk_alat"} <= set(ferries.feature_ids)
    cpc = by_quote["По"]
    assert "cpc_pipeline" in cpc.feature_ids
    # «Трубопровод» refers back to the CPC; Tengiz and Novorossiysk are places as written.
    pipe = by_quote["Трубопровод"]
    assert "cpc_pipeline" in pipe.feature_ids
    assert "Novorossiysk" in pipe.places
    assert "Фермеры" not in by_quote
    out = tmp_path / "map.html"
    exported = CliRunner().invoke(cli, ["export-html", "--out", str(out), "--root", str(copy_root)])
    assert exported.exit_code == 0, exported.output
    drawn = {props["id"]: props for props in embedded_properties(out.read_text("utf-8"), "claims")}
    for claim_id in mine["id"]:
        assert claim_id in drawn
    # The quote is drawn as written, in Cyrillic.
    assert any(
        "Трубопровод идёт от Тенгиза" in json.dumps(p, ensure_ascii=False) for p in drawn.values()
    )


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Caf\u00e9 in Baku".encode("latin-1"), "not UTF-8"),
    ],
)
def test_add_article_refuses_bad_files_and_writes_nothing(copy_root, tmp_path, content, reason):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    before = _snapshot(copy_root)
    with pytest.raises(ArticleRefused, match=reason):
        add_article(
            article,
            title="T",
            publisher="P",
            url="https://example.org/x",
            date="2026",
            layout=Layout(copy_root),
        )
    assert _snapshot(copy_root) == before


def test_add_article_refuses_a_duplicate_and_bad_metadata(copy_root, tmp_path):
    seed = next((copy_root / "seeds").glob("*.txt"))
    before = _snapshot(copy_root)
    runner = CliRunner()
    dup = runner.invoke(
        cli,
        [
            "add-article",
            str(seed),
            "--title",
            "x",
            "--publisher",
            "p",
            "--url",
            "https://example.org/new",
            "--date",
            "2025",
            "--root",
            str(copy_root),
        ],
    )
    assert dup.exit_code != 0 and "already stored" in dup.output
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(NEW_TEXT, encoding="utf-8")
    bad_date = runner.invoke(
        cli,
        [
            "add-article",
            str(fresh),
            "--title",
            "x",
            "--publisher",
            "p",
            "--url",
            "https://example.org/new",
            "--date",
            "21/10/2025",
            "--root",
            str(copy_root),
        ],
    )
    assert bad_date.exit_code != 0 and "YYYY" in bad_date.output
    assert _snapshot(copy_root) == before


def test_an_alias_given_to_two_features_is_reported(tmp_path):
    from geo.gazetteer import load_aliases

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "aliases.json").write_text(
        json.dumps({"btc_pipeline": ["Baku–Tbilisi"], "btk_railway": ["baku-tbilisi"]}),
        encoding="utf-8",
    )
    aliases, problems = load_aliases(Layout(tmp_path))
    assert set(aliases) == {"btc_pipeline", "btk_railway"}
    assert [str(p) for p in problems] == [
        "data/aliases.json:btk_railway: alias 'baku-tbilisi' is also an alias of btc_pipeline"
    ]


def test_latin_alternate_names_of_regional_towns_are_places(atlas):
    text = (
        "The cable would run between Sumgait and Aktau. Ferries from Turkmenbashi reach Alat. "
        "Nakhchivan is cut off. Tankers sail to Odessa. Kazakh crude is loaded there."
    )
    places = {m.text: m.key for m in atlas.gazetteer.find(text)}
    assert places["Sumgait"] == "Sumgayit"
    assert places["Turkmenbashi"] == "Türkmenbaşy"
    assert places["Nakhchivan"] == "Naxçıvan"
    assert places["Odessa"] == "Odesa"
    # An alternate that is the start of a longer indexed name is a demonym in text:
    # "Kazakh" (an alternate name of Qazax) stays the adjective of Kazakhstan.
    assert "Kazakh" not in places


def test_a_reference_opening_a_paragraph_reaches_the_one_before(atlas):
    text = (
        "After the upgrade the BTK railway can carry 5 million tonnes a year.\n\n"
        "The line, opened in 2017, runs for 826 km from Baku to Kars. It forms a rail link.\n\n"
        "Officials praised the project. Later, they said the line was busy."
    )
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    by_quote = {p["quote"].split(",")[0]: p for p in proposals}
    opening = by_quote["The line"]
    assert opening["feature_ids"] == ["btk_railway"]
    assert "opening a paragraph refers back" in opening["links"][0]
    # Not from inside a sentence, and not two paragraphs back.
    assert all("btk_railway" not in p["feature_ids"] for p in proposals if "Later" in p["quote"])


def test_a_dateline_town_is_a_place_not_its_port(atlas):
    text = "BAKU, Azerbaijan — Gas exports to Europe through the pipeline rose, shipping data show."
    (proposal,) = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert "alat_port" not in proposal["feature_ids"]
    assert "Baku" in proposal["places"]


def test_only_a_corridor_with_a_sea_leg_makes_a_town_its_port(atlas):
    matcher = AliasMatcher(atlas.aliases)
    (land,) = propose_claims(
        "Baku calls it the Zangezur corridor.", matcher, atlas.gazetteer, atlas.catalog
    )
    assert land["feature_ids"] == ["zangezur_corridor"]
    (sea,) = propose_claims(
        "The Middle Corridor runs through Aktau.", matcher, atlas.gazetteer, atlas.catalog
    )
    assert "aktau_port" in sea["feature_ids"]


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Через Северный маршрут прокачали меньше миллиона тонн.", "baku_novorossiysk_pipeline"),
        ("По Западному маршруту нефть идёт в Супсу.", "baku_supsa_pipeline"),
        ("Южнокавказский трубопровод идёт в том же коридоре.", "scp_pipeline"),
        ("Мощность ЮКТ будет увеличена.", "scp_pipeline"),
        ("Сюникский участок остаётся самым сложным.", "syunik_meghri_section"),
    ],
)
def test_russian_route_names_link_in_any_case(atlas, text, feature):
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert feature in proposals[0]["feature_ids"]


def test_a_lower_case_northern_route_is_not_the_pipeline(atlas):
    text = "Shippers weigh the northern route through Russia against the Middle Corridor."
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert all("baku_novorossiysk_pipeline" not in p["feature_ids"] for p in proposals)
    russian = "Грузоотправители сравнивают северный маршрут через Россию со Средним коридором."
    proposals = propose_claims(russian, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert all("baku_novorossiysk_pipeline" not in p["feature_ids"] for p in proposals)


def test_a_terminal_and_a_bare_russian_road_refer_back(atlas):
    matcher = AliasMatcher(atlas.aliases)
    text = (
        "Tankers load at the CPC Marine Terminal near Novorossiysk. "
        "Storms closed the terminal on Monday."
    )
    proposals = propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)
    assert "cpc_marine_terminal" in proposals[-1]["feature_ids"]
    assert "'the terminal' refers back" in " ".join(proposals[-1]["links"])
    russian = "Танкеры грузятся на терминале КТК. Резервуарный парк терминала рассчитан на это."
    proposals = propose_claims(russian, matcher, atlas.gazetteer, atlas.catalog)
    assert "cpc_marine_terminal" in proposals[-1]["feature_ids"]
    road = "Дорога Горадиз — Агбенд строится быстро. Дорога проходит через Физули."
    proposals = propose_claims(road, matcher, atlas.gazetteer, atlas.catalog)
    assert "horadiz_aghband_railway" in proposals[-1]["feature_ids"]


def test_a_kind_word_before_a_quoted_name_or_a_road_being_built_is_no_reference(atlas):
    matcher = AliasMatcher(atlas.aliases)
    text = "Танкеры грузятся на терминале КТК. Нефть поступает на терминал «Шесхарис»."
    proposals = propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)
    assert all("cpc_marine_terminal" not in p["feature_ids"] for p in proposals[1:])
    road = "Дорога Горадиз — Агбенд строится быстро. Турция начала строить дорогу к границе."
    proposals = propose_claims(road, matcher, atlas.gazetteer, atlas.catalog)
    assert all("horadiz_aghband_railway" not in p["feature_ids"] for p in proposals[1:])


def test_the_consortium_terminal_is_the_terminal_not_the_pipeline(atlas):
    text = "The Caspian Pipeline Consortium terminal at Yuzhnaya Ozereyevka was shut."
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert proposals[0]["feature_ids"] == ["cpc_marine_terminal"]


@pytest.mark.parametrize(
    ("text", "feature", "places"),
    [
        ("The Baku–Ceyhan pipeline pumped more crude.", "btc_pipeline", set()),
        ("Нефтепровод Баку — Джейхан работает с перебоями.", "btc_pipeline", set()),
        ("The Trans Anatolian Natural Gas Pipeline is full.", "tanap_pipeline", set()),
        ("Gas reaches Italy through the Trans-Adriatic line.", "tap_pipeline", {"Italy"}),
        ("The Trans-Caspian fibre link will be laid by 2027.", "trans_caspian_fibre", set()),
        ("Укладка Транскаспийского кабеля начнется в 2026 году.", "trans_caspian_fibre", set()),
        # The sea a cable is laid across stays a place.
        ("Кабель по дну Каспия проложат за два года.", "trans_caspian_fibre", {"Caspian Sea"}),
        ("The Middle Route carried 4.5 million tonnes.", "middle_corridor", set()),
        # A pipeline named by its end terminals.
        ("The Sangachal–Ceyhan line ran at capacity.", "btc_pipeline", set()),
    ],
)
def test_names_writers_use_for_the_routes(atlas, text, feature, places):
    found = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert feature in found[0]["feature_ids"]
    assert places <= set(found[0]["places"])


def test_middle_route_in_lower_case_is_any_route_until_the_corridor_is_named(atlas):
    text = "A middle route through Iran would be cheaper."
    found = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert all("middle_corridor" not in p["feature_ids"] for p in found)


def test_the_trans_caspian_gas_pipeline_is_no_mapped_feature(atlas):
    text = "The Trans-Caspian Gas Pipeline remains a plan."
    found = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert all(not p["feature_ids"] for p in found)
