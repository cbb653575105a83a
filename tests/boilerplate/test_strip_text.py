"""Behaviour of `strip_text`, `line_signature` and `edge_lines` on small hand-made texts."""

from __future__ import annotations

from transforms.boilerplate import StripResult, edge_lines, line_signature, strip_text

ARTICLE = (
    "Lakeport opens new ferry terminal\n"
    "The new ferry terminal in Lakeport opened on Saturday after two years of construction.\n"
    "It can handle 1.2 million passengers a year, the port authority said.\n"
)


def test_clean_text_is_returned_unchanged():
    assert strip_text(ARTICLE, "en") == StripResult(ARTICLE, [])
    assert strip_text("", None) == StripResult("", [])


def test_read_also_block_removed_as_one_block_in_original_form():
    text = ARTICLE + "Read also\n- Ferry fares rise by 5%\n- Storm closes harbour for two days\n"
    result = strip_text(text, "en")
    assert result.body == ARTICLE
    assert result.removed == ["Read also\n- Ferry fares rise by 5%\n- Storm closes harbour for two days"]


def test_removed_blocks_are_in_document_order():
    text = "Advertisement\n" + ARTICLE + "Photo: Reuters\n" + "Source: Lakeport port authority\n"
    result = strip_text(text, "en")
    assert result.removed == ["Advertisement", "Photo: Reuters", "Source: Lakeport port authority"]
    assert result.body == ARTICLE


def test_source_line_only_removed_at_the_end():
    middle = "Source: the ministry did not say how many tanks were sent.\n"
    text = "Ministry confirms delivery\n" + middle + "The delivery arrived on Monday.\n"
    assert strip_text(text, "en").removed == []


def test_blank_lines_left_by_removed_blocks_are_collapsed():
    text = "Title\n\nFirst paragraph ends here.\n\nAdvertisement\n\nSecond paragraph ends here.\n"
    result = strip_text(text, "en")
    assert result.body == "Title\n\nFirst paragraph ends here.\n\nSecond paragraph ends here.\n"


def test_marked_list_stops_at_first_unmarked_line():
    text = (
        "Read also:\n"
        "- Trams return to the old town\n"
        "Background\n"
        "The tram line was closed in 2019 after a derailment near the market square.\n"
    )
    result = strip_text(text, "en")
    assert result.removed == ["Read also:\n- Trams return to the old town"]
    assert result.body.startswith("Background\n")


def test_cue_line_alone_without_headlines_is_removed():
    result = strip_text(ARTICLE + "Read more\n", "en")
    assert result.removed == ["Read more"]


def test_cue_followed_by_paragraph_takes_only_the_cue():
    text = "Related stories\nThe council met on Monday to discuss the plan, which was approved by nine votes to two.\n"
    result = strip_text(text, "en")
    assert result.removed == ["Related stories"]


def test_repeated_lines_removed_only_at_document_edges():
    slogan = "Lakeport Daily - news you can trust since 1921"
    middle = [f"Paragraph {i} of the story, with a full stop." for i in range(8)]
    text = "\n".join([slogan, *middle[:4], slogan, *middle[4:], slogan]) + "\n"
    result = strip_text(text, "en", frozenset({line_signature(slogan)}))
    assert result.removed == [slogan, slogan]
    assert result.body.split("\n").count(slogan) == 1


def test_line_signature_normalises_case_spaces_digits_and_quotes():
    assert (
        line_signature("  Subscribe to  OUR channel: 12 500 readers  ")
        == "subscribe to our channel: 0 0 readers"
    )
    assert line_signature("It’s — “Daily”") == line_signature('it\'s - "daily"')
    assert line_signature("Kyiv, 3 June 2025") == line_signature("KYIV, 17 June 2024")


def test_edge_lines_first_and_last_non_empty_once_each():
    text = "\nA\n\nB\nC\nD\nE\nF\nG\n\n"
    assert edge_lines(text, 2) == ["a", "b", "f", "g"]
    assert edge_lines("Same\nSame\nOther\n", 3) == ["same", "other"]
    assert edge_lines("", 3) == []


def test_language_tags_and_unknown_languages_are_accepted():
    text = ARTICLE + "Читайте також: Уряд ухвалив бюджет\n"
    for language in (None, "uk", "uk-UA", "en", "xx"):
        assert strip_text(text, language).removed == ["Читайте також: Уряд ухвалив бюджет"]
