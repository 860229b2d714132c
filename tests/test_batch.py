"""Batch ingestion: the same per-article function in one process, in local processes
(``corridors ingest DIR --jobs N``) and on Dask gives the same proposals."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from geo.batch import article_files, ingest_article, ingest_bag, ingest_paths, records
from geo.cli import cli
from geo.layout import REPO_ROOT
from geo.sentences import split_sentences

N_ARTICLES = 50


@pytest.fixture(scope="session")
def article_dir(tmp_path_factory):
    """50 short articles made of seed sentences, plus one file ingest must refuse."""
    folder = tmp_path_factory.mktemp("articles")
    sentences = []
    for path in sorted((REPO_ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[a:b] for a, b in split_sentences(text) if 20 <= b - a <= 400]
    rng = random.Random(50)
    for i in range(N_ARTICLES):
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        (folder / f"a{i:03d}.txt").write_text(f"Article {i}\n\n{body}\n", encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01 not text")
    (folder / "notes.csv").write_text("not an article", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def single_process(article_dir):
    """The reference: every article ingested in this process, in name order."""
    return list(ingest_paths(article_files(article_dir), REPO_ROOT, jobs=1))


def test_folder_lists_articles_only_in_name_order(article_dir):
    names = [p.name for p in article_files(article_dir)]
    assert names == sorted(names)
    assert len(names) == N_ARTICLES + 1 and "notes.csv" not in names


def test_single_process_proposes_claims_and_refuses_binary(article_dir, single_process):
    refused = [r for r in single_process if r.error]
    assert [r.file for r in refused] == ["zz-binary.txt"]
    assert sum(len(r.proposals) for r in single_process) > N_ARTICLES
    for result in single_process:  # the offsets hold in each article as stored
        text = (article_dir / result.file).read_bytes().decode("utf-8", "replace")
        for proposal in result.proposals:
            assert text[proposal["start"] : proposal["end"]] == proposal["quote"]


def test_dask_bag_on_local_processes_equals_single_process(article_dir, single_process):
    import dask

    bag = ingest_bag(article_files(article_dir), REPO_ROOT, npartitions=4)
    assert bag.npartitions == 4
    # Dask's local multiprocessing scheduler; forked workers start without re-importing.
    with dask.config.set({"multiprocessing.context": "fork"}):
        on_dask = bag.compute(scheduler="processes", num_workers=2)
    assert on_dask == single_process
    assert list(records(on_dask)) == list(records(single_process))


def test_process_pool_equals_single_process(article_dir, single_process):
    assert list(ingest_paths(article_files(article_dir), REPO_ROOT, jobs=2)) == single_process


def test_ingest_article_is_pure(article_dir):
    path = article_files(article_dir)[0]
    assert ingest_article(path, REPO_ROOT) == ingest_article(path, REPO_ROOT)


def test_cli_ingest_dir_names_each_file_and_matches_jobs(article_dir, single_process):
    runner = CliRunner()
    one = runner.invoke(cli, ["ingest", str(article_dir), "--jobs", "1"])
    two = runner.invoke(cli, ["ingest", str(article_dir), "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert lines == list(records(single_process))
    assert {line["file"] for line in lines} <= {p.name for p in article_files(article_dir)}
    assert "skipped" in one.stderr and "zz-binary.txt" in one.stderr
    assert f"from {N_ARTICLES} articles; 1 refused" in one.stderr


def test_cli_ingest_file_keeps_its_output_without_file_names(article_dir):
    path = article_files(article_dir)[0]
    result = CliRunner().invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all("file" not in line for line in lines)
