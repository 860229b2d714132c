"""Synthetic corpora for the benchmarks: the real features, places and articles, many claims.

``make_root(dest, n_claims)`` lays out a root like the repository whose claims are the real
curated claims replicated with new ids; each copy also names one more real place (a regional
GeoNames city, or a curated place) chosen by a seeded random generator, so the anchors spread
over the region the way many articles' claims would. Every quote stays verbatim at its
offsets, so the corpus passes ``check`` as the real data does.

``make_articles(dest, n)`` writes ``n`` varied articles built from the seeds' sentences.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_FILES = ("countries.json", "aliases.json", "places.json", "source_hosts.json")


def _copy_base(dest: Path) -> None:
    (dest / "data" / "claims").mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        shutil.copyfile(REPO / "data" / name, dest / "data" / name)
    if (dest / "data" / "features").exists():
        shutil.rmtree(dest / "data" / "features")
    shutil.copytree(REPO / "data" / "features", dest / "data" / "features")
    if (dest / "seeds").exists():
        shutil.rmtree(dest / "seeds")
    shutil.copytree(REPO / "seeds", dest / "seeds")


def real_claims() -> list[dict]:
    """Every curated claim record of the repository, in file order."""
    records = []
    for path in sorted((REPO / "data" / "claims").glob("*.json")):
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    return records


def extra_places() -> list[str]:
    """Names of real places the gazetteer resolves, to spread synthetic anchors."""
    from geo.gazetteer import geonames_index

    curated = json.loads((REPO / "data" / "places.json").read_text(encoding="utf-8"))
    names = [p["name"] for p in curated if isinstance(p, dict) and p.get("name")]
    from geo.gazetteer import REGION_COUNTRIES, _geonames

    raw, _ = _geonames()
    index = geonames_index()
    cities = sorted(
        {
            index.cities[c["name"].casefold()].name
            for c in raw.values()
            if c["countrycode"] in REGION_COUNTRIES
            and c["population"] >= 50_000
            and c["name"].casefold() in index.cities
        }
    )
    return names + cities


def synthetic_claims(n_claims: int, seed: int = 11) -> list[dict]:
    """``n_claims`` claim records: the real ones replicated with new ids and varied places."""
    base = real_claims()
    places = extra_places()
    rng = random.Random(seed)
    out = []
    for i in range(n_claims):
        record = dict(base[i % len(base)])
        if i >= len(base):
            record["id"] = f"syn-{i:07d}"
            record["places"] = [rng.choice(places), *record.get("places", [])]
            record["origin"] = "extracted"
        out.append(record)
    return out


def make_root(dest: Path, n_claims: int) -> Path:
    """A root with the real features and articles and ``n_claims`` claims (see module doc)."""
    dest = Path(dest)
    _copy_base(dest)
    for old in (dest / "data" / "claims").glob("*.json"):
        old.unlink()
    claims = synthetic_claims(n_claims)
    path = dest / "data" / "claims" / "synthetic.json"
    path.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
    return dest


def seed_sentences() -> list[str]:
    """The seeds' sentences (as the splitter cuts them), each at most 600 characters."""
    from geo.sentences import split_sentences

    out = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(text[a:b] for a, b in split_sentences(text) if 20 <= b - a <= 600)
    return out


def make_articles(dest: Path, n: int, seed: int = 7) -> list[Path]:
    """``n`` varied articles of 4-40 seed sentences in shuffled order, as ``.txt`` files."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    sentences = seed_sentences()
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        k = rng.randint(4, 40)
        paragraphs = []
        picked = [rng.choice(sentences) for _ in range(k)]
        for j in range(0, k, 4):
            paragraphs.append(" ".join(picked[j : j + 4]))
        path = dest / f"article-{i:05d}.txt"
        path.write_text(f"Synthetic article {i}\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
        paths.append(path)
    return paths
