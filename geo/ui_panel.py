"""The app's route panel: what each source says about the selected feature, a paragraph at a
time with every quote about it marked, sources numbered as on the map."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.filters import route_systems, rows_where
from geo.popups import SourceIndex, counted, flag_text, km
from geo.safe_text import markdown_text, safe_url
from geo.sources import article_text


@dataclass
class Paragraph:
    """One paragraph of an article and the claims about the feature that sit in it."""

    start: int
    end: int
    quotes: list[tuple[int, int]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    nearby_only: bool = True


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the paragraph (text between line breaks) around ``text[start:end]``."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return para_start, len(text) if para_end < 0 else para_end


def marked_paragraph(text: str, paragraph: Paragraph) -> str:
    """The paragraph as escaped HTML with each of its quotes in ``<mark>``."""
    parts, cursor = [], paragraph.start
    for start, end in sorted(paragraph.quotes):
        if start < cursor:  # overlapping quotes: mark the rest of the later one
            start = cursor
        parts.append(html.escape(text[cursor:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = max(cursor, end)
    parts.append(html.escape(text[cursor : paragraph.end]))
    return "".join(parts)


def paragraphs_of(text: str, claims: pd.DataFrame, nearby_ids: set[str]) -> list[Paragraph]:
    """Claims grouped by the paragraph they sit in, in reading order, each paragraph once."""
    found: dict[tuple[int, int], Paragraph] = {}
    for claim in claims.itertuples():
        bounds = paragraph_bounds(text, claim.start, claim.end)
        paragraph = found.setdefault(bounds, Paragraph(*bounds))
        paragraph.quotes.append((claim.start, claim.end))
        paragraph.flags += [flag_text(f) for f in claim.flags or []]
        paragraph.nearby_only &= claim.id in nearby_ids
    return [found[key] for key in sorted(found)]


def claims_about(atlas: Atlas, feature_id: str) -> tuple[pd.DataFrame, set[str]]:
    """Claims naming a feature (or its corridor or legs), and the ids of those only placed near.

    Returns
    -------
    tuple
        All the claims, and the ids among them that do not name the feature but are anchored
        within reach of it.
    """
    systems = route_systems(atlas.features)
    family = {fid for fid, sys in systems.items() if sys == feature_id} | {feature_id}
    parent = systems.get(feature_id)
    if parent and parent != feature_id:
        family.add(parent)
    direct = rows_where(atlas.claims, [bool(set(f) & family) for f in atlas.claims["feature_ids"]])
    near_ids = set(atlas.near[atlas.near["feature_id"].isin(family)]["claim_id"]) - set(
        direct["id"]
    )
    near = atlas.claims[atlas.claims["id"].isin(near_ids)]
    return pd.concat([direct, near]), near_ids


def _facts(feature: dict) -> str:
    is_point = feature.get("kind") in ("port", "terminal")
    facts = [
        f"{feature['kind']} · {feature['status']}",
        None if is_point else (km(feature.get("length_km")) or "length unknown") + " geodesic",
        f"published {km(feature['published_length_km'])}"
        if km(feature.get("published_length_km"))
        else None,
        ", ".join(feature.get("countries") or []) or None,
        "bypasses Russia" if feature.get("bypasses_russia") and not is_point else None,
        f"geometry: {feature['accuracy']}",
    ]
    return " · ".join(f for f in facts if f)


def route_panel(atlas: Atlas, feature_id: str | None, index: SourceIndex) -> None:
    """Every claim about the selected feature, by source and paragraph, each paragraph once."""
    if not feature_id:
        st.info(
            "Click a route or port on the map, or pick one above, to read what each source "
            "says about it."
        )
        return
    feature = atlas.catalog.get(feature_id)
    st.subheader(markdown_text(feature["name"]))
    st.markdown(markdown_text(_facts(feature)))
    claims, nearby = claims_about(atlas, feature_id)
    if claims.empty:
        st.write("No claim in the sources is about this feature yet.")
        return
    what = "port" if feature.get("kind") in ("port", "terminal") else "route"
    st.markdown(
        f"##### {counted(len(claims), 'claim')} in "
        f"{counted(claims['source_id'].nunique(), 'source')}"
        + (f" · {len(nearby)} placed near this {what} without naming it" if nearby else "")
    )
    for source_id, group in claims.groupby("source_id", sort=False):
        source = atlas.sources[source_id]
        url = safe_url(source.url)
        number = index.number(source.label, url, "article")
        title = markdown_text(source.label)
        link = f"[{title}](<{url.replace('>', '%3E')}>)" if url else title
        with st.expander(f"\\[{number}\\] {title} — {counted(len(group), 'claim')}", expanded=True):
            st.markdown(
                f"\\[{number}\\] {link} · {markdown_text(source.publisher or 'publisher unknown')}"
                f" · {markdown_text(source.date or 'date unknown')}"
            )
            text = article_text(atlas.layout, source)
            for paragraph in paragraphs_of(text, group.sort_values("start"), nearby):
                note = (
                    '<div class="atlas-near">placed near it, does not name it</div>'
                    if paragraph.nearby_only
                    else ""
                )
                st.html(f'<div class="atlas-para">{marked_paragraph(text, paragraph)}</div>{note}')
                for flag in dict.fromkeys(paragraph.flags):
                    st.warning(markdown_text(flag), icon="⚠️")
