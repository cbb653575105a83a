"""Properties of `strip_text` on random documents mixing paragraphs, cue blocks and promo lines."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.boilerplate import edge_lines, line_signature, strip_text
from transforms.boilerplate.lines import edge_indices

PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a debate that lasted more than six hours.",
    "Рада ухвалила бюджет у вівторок після дебатів, які тривали понад шість годин.",
    "Der Stadtrat hat den Haushalt am Dienstag nach einer sechsstündigen Debatte beschlossen.",
    "Le conseil a adopté le budget mardi après un débat de plus de six heures.",
    "Leggi più severe sui cantieri entreranno in vigore a settembre, ha detto l'assessore.",
    "O governo também anunciou novas regras para as obras, disse o ministro.",
    "Lees ook de brief van de burgemeester, zei de raadsvoorzitter tijdens het debat.",
    "Related talks resume on Monday, the mayor's office said in a statement.",
    "Read more about the plan, she urged residents, before the public hearing next week.",
    "'(The city - ed.) will publish the figures,' the spokesperson said.",
    "Editor's note: this story was updated with the final vote count.",
]
STANDALONE = [
    "Advertisement",
    "Sign up for our newsletter",
    "Photo: Reuters",
    "Підписуйтесь на наш Telegram-канал",
    "© 2025 Lakeport Daily. All rights reserved.",
    "Lesen Sie auch: Neue Buslinie verbindet Vororte",
    "Czytaj także: Sejm przyjął ustawę",
    "Seguici su Facebook e Instagram",
    "Compartilhe esta notícia",
    "Deel dit artikel",
]
CUES = [
    "Read also",
    "Читайте також:",
    "Mehr zum Thema",
    "Lire aussi",
    "Lea también",
    "Czytaj także",
    "Leggi anche",
    "Veja também",
    "Lees ook:",
]
HEADLINES = ["Fishermen protest quota cuts", "Storm damages three piers", "Новий міст відкриють восени"]

block = st.builds(
    lambda cue, items, marker: [cue] + [f"{marker}{h}" for h in items],
    st.sampled_from(CUES),
    st.lists(st.sampled_from(HEADLINES), min_size=1, max_size=4),
    st.sampled_from(["- ", "• ", "* ", "1. ", ""]),
)
piece = st.one_of(
    st.sampled_from(PARAGRAPHS).map(lambda p: [p]),
    st.sampled_from(STANDALONE).map(lambda s: [s]),
    block,
    st.just([""]),
)
documents = st.lists(piece, min_size=1, max_size=14).map(lambda parts: [line for p in parts for line in p])


@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from([None, "en", "uk", "de", "it", "pt", "nl"]))
def test_no_line_lost_paragraphs_kept_boilerplate_removed(lines: list[str], language: str | None):
    text = "\n".join(lines)
    result = strip_text(text, language)
    kept = [line for line in result.body.split("\n") if line.strip()]
    dropped = [line for b in result.removed for line in b.split("\n") if line.strip()]
    assert Counter(kept) + Counter(dropped) == Counter(line for line in lines if line.strip())
    assert Counter(kept)[PARAGRAPHS[0]] == lines.count(PARAGRAPHS[0])
    for paragraph in PARAGRAPHS:
        assert paragraph not in dropped
    for line in STANDALONE + CUES:
        assert line not in kept
    assert strip_text(result.body, language) == type(result)(result.body, [])
    assert strip_text(text, language) == result


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPHS[:4] + ["Lakeport Daily - news you can trust", ""]), max_size=16))
def test_repeated_lines_only_go_at_the_edges(lines: list[str]):
    slogan = "Lakeport Daily - news you can trust"
    text = "\n".join(lines)
    result = strip_text(text, "en", frozenset({line_signature(slogan)}))
    edges = set(edge_indices(lines))
    expected_removed = [i for i, line in enumerate(lines) if line == slogan and i in edges]
    assert result.removed == [slogan] * len(expected_removed)
    assert [line for line in result.body.split("\n") if line == slogan] == [slogan] * (
        lines.count(slogan) - len(expected_removed)
    )
    assert (line_signature(slogan) in edge_lines(text)) == bool(expected_removed)
