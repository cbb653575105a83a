"""detect_language on short invented news sentences."""

from __future__ import annotations

import pytest

from transforms.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor said that the bridge will open in the spring.", "en"),
        ("Der Bürgermeister sagte, dass die Brücke mit dem Bau nicht fertig ist.", "de"),
        ("El alcalde dijo que la obra del puente fue aprobada por los vecinos.", "es"),
        ("Le maire a dit que les travaux du pont sont presque terminés dans la ville.", "fr"),
        ("Burmistrz powiedział, że most nie jest jeszcze gotowy, ale został otwarty.", "pl"),
        ("Мер сказав, що міст відкриють у червні, і всі їздитимуть.", "uk"),
        ("Мэр сказал, что мост откроют в июне, и все будут ездить.", "ru"),
    ],
)
def test_detects_supported_languages(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12:30 -- 2025/06/24 !!!", "€ 1.000,00"])
def test_no_letters_is_none(text):
    assert detect_language(text) is None


def test_letters_without_known_words_default_to_english():
    assert detect_language("Xyzzy plugh quux") == "en"


def test_only_the_sample_is_read():
    text = "Der Rat und die Stadt. " + "The council and the city said that it was over. " * 200
    assert detect_language(text, sample=20) == "de"
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il sindaco ha detto che il ponte non è ancora pronto per la città.", "it"),
        ("O presidente da câmara disse que a ponte não foi aberta com os moradores.", "pt"),
        ("De burgemeester zei dat de brug nog niet klaar is en ook niet open gaat.", "nl"),
    ],
)
def test_every_language_with_a_lexicon_is_a_candidate(text, expected):
    assert detect_language(text) == expected
