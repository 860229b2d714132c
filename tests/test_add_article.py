"""add-article and ingest on hostile input: refusals write nothing, nothing is ever lost."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import geo.articles
from geo.articles import MAX_ARTICLE_BYTES, ArticleRefused, add_article, decode_article, recover
from geo.atlas import load_atlas
from geo.cli import cli
from geo.layout import REPO_ROOT, Layout

TEXT = (
    "SOCAR reported that the Baku–Tbilisi–Ceyhan pipeline pumped about 600,000 barrels per "
    "day in March.\n\nThe port of Aktau handled more containers, officials in Astana said.\n"
)
META = {
    "title": "Oil and boxes",
    "publisher": "Test Wire",
    "url": "https://example.org/oil",
    "date": "2026-01-15",
}


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, hidden ones included."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def template_atlas(mini_template):
    """The mini root's data loaded once, to link claims without reloading per test."""
    return load_atlas(Layout(mini_template))


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _add(root: Path, path: Path, atlas=None, **overrides):
    return add_article(path, **{**META, **overrides}, layout=Layout(root), atlas=atlas)


def _cli_add(root: Path, path: Path, **overrides):
    meta = {**META, **overrides}
    args = ["add-article", str(path), "--root", str(root)]
    for key, value in meta.items():
        args += [f"--{key}", value]
    return CliRunner().invoke(cli, args)


def _listed(root: Path) -> list[str]:
    return [r["id"] for r in json.loads((root / "seeds" / "sources.json").read_text("utf-8"))]


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PK", "binary"),
        (b"\xff\xfe B\x00T\x00C", "binary"),
        ("Gaz de Bakou \u00e9t\u00e9".encode("latin-1"), "not UTF-8"),
        (b"a" * (MAX_ARTICLE_BYTES + 1), "over the 500 KB limit"),
    ],
)
def test_bad_article_files_are_refused_in_one_line_and_nothing_is_written(
    mini_root, tmp_path, content, phrase
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = checksums(mini_root)
    result = _cli_add(mini_root, path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: refused, nothing was written:")
    assert phrase in result.output and result.output.count("\n") == 1
    assert checksums(mini_root) == before


@pytest.mark.parametrize(
    ("overrides", "phrase"),
    [
        ({"date": "2025-02-30"}, "--date: date '2025-02-30' is not on the calendar"),
        ({"date": "2025-13"}, "no month 13"),
        ({"url": "https://example.org/oil\n"}, "--url: url 'https://example.org/oil\\n'"),
        ({"url": "javascript:alert(1)"}, "is not http(s)"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "is not http(s)"),
        ({"title": "Two\nlines"}, "--title must be one line"),
        ({"publisher": "  "}, "must not be empty"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_written(mini_root, article, overrides, phrase):
    before = checksums(mini_root)
    result = _cli_add(mini_root, article, **overrides)
    assert result.exit_code == 1, result.output
    assert phrase in result.output
    assert "Traceback" not in result.output
    assert checksums(mini_root) == before


def test_ingest_refuses_an_article_over_the_limit_and_names_it(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The BTC pipeline. " * (MAX_ARTICLE_BYTES // 18 + 1))
    result = CliRunner().invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 1
    assert "over the 500 KB limit for one article" in result.output
    assert "Traceback" not in result.output


def test_decode_article_reads_no_more_than_the_limit_from_a_device():
    with pytest.raises(ArticleRefused, match="not a regular file"):
        decode_article(Path("/dev/zero"))


def test_root_without_sources_file_is_refused(tmp_path, article):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    result = _cli_add(root, article)
    assert result.exit_code == 1
    assert "seeds/sources.json is missing" in result.output
    assert checksums(root) == {}


def test_duplicate_url_and_text_are_refused(mini_root, article, tmp_path, template_atlas):
    _add(mini_root, article, template_atlas)
    after_first = checksums(mini_root)
    with pytest.raises(ArticleRefused, match="already stored"):
        _add(mini_root, article, template_atlas, url="https://example.org/other")
    other = tmp_path / "other.txt"
    other.write_text(TEXT + "More.\n", encoding="utf-8")
    with pytest.raises(ArticleRefused, match="--url is already used"):
        _add(mini_root, other, template_atlas)
    assert checksums(mini_root) == after_first


def test_same_title_twice_keeps_both_articles(mini_root, article, tmp_path, template_atlas):
    first = _add(mini_root, article, template_atlas)
    second_path = tmp_path / "second.txt"
    second_path.write_text(TEXT.replace("March", "April"), encoding="utf-8")
    second = _add(mini_root, second_path, template_atlas, url="https://example.org/oil-2")
    assert (first.source_id, second.source_id) == ("oil_and_boxes", "oil_and_boxes_2")
    assert first.article.read_bytes() == article.read_bytes()
    assert second.article.read_bytes() == second_path.read_bytes()
    assert {"oil_and_boxes", "oil_and_boxes_2"} <= set(_listed(mini_root))


def test_a_claims_file_already_named_like_the_new_id_is_not_overwritten(
    mini_root, article, template_atlas
):
    curated = mini_root / "data" / "claims" / "oil_and_boxes.json"
    curated.write_text("[]", encoding="utf-8")
    added = _add(mini_root, article, template_atlas)
    assert added.source_id == "oil_and_boxes_2"
    assert curated.read_text("utf-8") == "[]"


# --- the lock ----------------------------------------------------------------------------------


def test_a_busy_root_refuses_after_the_timeout_and_writes_nothing(
    mini_root, article, template_atlas
):
    before = checksums(mini_root)
    fd = os.open(mini_root / "seeds", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(ArticleRefused, match="another add-article is writing"):
            add_article(
                article, **META, layout=Layout(mini_root), atlas=template_atlas, lock_timeout=0.1
            )
    finally:
        os.close(fd)
    assert checksums(mini_root) == before


def test_two_concurrent_add_article_processes_keep_both_articles(mini_root, tmp_path, check):
    processes = []
    for n in (1, 2):
        path = tmp_path / f"concurrent_{n}.txt"
        path.write_text(TEXT.replace("March", f"month {n}"), encoding="utf-8")
        args = [sys.executable, "-m", "geo", "add-article", str(path), "--root", str(mini_root)]
        args += ["--title", "Same title", "--publisher", "P", "--date", "2026"]
        args += ["--url", f"https://example.org/concurrent-{n}"]
        processes.append(
            subprocess.Popen(args, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert out.decode().startswith("added same_title")
    assert {"same_title", "same_title_2"} <= set(_listed(mini_root))
    assert not list(mini_root.rglob("*.add-article.*"))
    assert check(mini_root).exit_code == 0


# --- killed at any step ------------------------------------------------------------------------

STEPS = [
    "staged same_step.txt",
    "staged sources.json",
    "staged same_step.json",
    "journal written",
    "moved same_step.txt",
    "moved sources.json",
    "moved same_step.json",
    "done",
]


def _run_killed_at(root: Path, path: Path, atlas, step: str) -> int:
    """Run add_article in a forked child that SIGKILLs itself at ``step``; its wait status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:

            def kill_at(name: str) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            geo.articles._checkpoint = kill_at
            add_article(path, **{**META, "title": "Same step"}, layout=Layout(root), atlas=atlas)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return status


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_any_step_the_root_is_unchanged_or_fully_added(
    step, mini_root, article, template_atlas, mini_baseline, check
):
    before = checksums(mini_root)
    status = _run_killed_at(mini_root, article, template_atlas, step)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    # Right after the kill, check accepts the root as it is.
    result = check(mini_root)
    assert result.lines == mini_baseline.lines
    # The next run (recover, under the lock) finishes or undoes the interrupted one.
    recover(Layout(mini_root))
    assert not list(mini_root.rglob("*.add-article.*"))
    after = checksums(mini_root)
    if "same_step" in _listed(mini_root):
        assert (mini_root / "seeds" / "same_step.txt").read_bytes() == article.read_bytes()
        claims = json.loads((mini_root / "data" / "claims" / "same_step.json").read_text("utf-8"))
        assert claims and {c["source_id"] for c in claims} == {"same_step"}
        assert set(after) - set(before) == {"seeds/same_step.txt", "data/claims/same_step.json"}
        assert check(mini_root).claims == mini_baseline.claims + len(claims)
    else:
        assert after == before
    assert check(mini_root).exit_code == 0
    # And the article can be added (again) after it.
    if "same_step" not in _listed(mini_root):
        added = add_article(
            article,
            **{**META, "title": "Same step"},
            layout=Layout(mini_root),
            atlas=template_atlas,
        )
        assert added.source_id == "same_step"


def test_a_stale_truncated_temp_file_is_removed_by_the_next_run(mini_root, article, template_atlas):
    stale = mini_root / "seeds" / ".sources.json.add-article.tmp"
    stale.write_text('[{"id": "half', encoding="utf-8")
    (mini_root / "seeds" / ".add-article.journal").write_text("{trunc", encoding="utf-8")
    _add(mini_root, article, template_atlas)
    assert not stale.exists()
    assert not (mini_root / "seeds" / ".add-article.journal").exists()
    assert "oil_and_boxes" in _listed(mini_root)


# --- ingest stays linear: bounded output, no timing ---------------------------------------------


def _proposals(atlas, text: str) -> list[dict]:
    from geo.extract import propose_claims
    from geo.gazetteer import AliasMatcher

    return propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)


def test_proposals_grow_with_the_text_not_faster(template_atlas):
    from geo.sentences import split_sentences

    seed = (REPO_ROOT / "seeds" / "sp_kazakhstan_azerbaijan_go_around_russia.txt").read_text(
        encoding="utf-8"
    )
    once = seed * 3
    twice = once + "\n\n" + once
    small, large = _proposals(template_atlas, once), _proposals(template_atlas, twice)
    assert small and len(large) <= 2 * len(small) + 1
    assert len(large) <= len(split_sentences(twice))
    for proposal in large:
        assert twice[proposal["start"] : proposal["end"]] == proposal["quote"]
    assert sum(len(p["quote"]) for p in large) <= len(twice)


def test_a_run_on_text_with_thousands_of_names_gives_no_giant_claim(template_atlas):
    from geo.extract import MAX_QUOTE_CHARS
    from geo.gazetteer import AliasMatcher

    text = "the BTC pipeline and the port of Aktau, " * 2500  # 100 KB, no full stop
    assert _proposals(template_atlas, text) == []
    # The alias matcher still finds every mention (it is what a long sentence costs).
    mentions = AliasMatcher(template_atlas.aliases).find(text)
    assert len([m for m in mentions if m.key == "btc_pipeline"]) == 2500
    assert len(text) > MAX_QUOTE_CHARS


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "looks binary"),
        (b"Bak\xfc-Tbilisi", "not UTF-8"),
    ],
)
def test_ingest_refuses_unusable_files_in_one_line(tmp_path, content, phrase):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 1
    assert phrase in result.output and result.output.count("\n") == 1


def test_export_data_into_a_file_is_one_line_error(clean_root, tmp_path):
    out = tmp_path / "a_file"
    out.write_text("x")
    runner = CliRunner()
    result = runner.invoke(cli, ["export-data", "--out", str(out), "--root", str(clean_root)])
    assert result.exit_code == 2 and "is a file" in result.output
    below = runner.invoke(cli, ["export-data", "--out", str(out / "x"), "--root", str(clean_root)])
    assert below.exit_code == 1
    assert below.output.startswith("Error: cannot write") and below.output.count("\n") == 1
