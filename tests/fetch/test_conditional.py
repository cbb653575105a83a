"""ConditionalState: JSON round trip through the store's file helpers, atomic replacement."""

from __future__ import annotations

import json
import os
import pickle

import pytest

from transforms.fetch import ConditionalState
from transforms.store.head import read_json_file as read
from transforms.store.head import write_json_file as write


def test_round_trip(tmp_path):
    path = str(tmp_path / "state" / "conditional.json")
    state = ConditionalState.load(path, read)
    assert state.get("https://news.example.test/rss") == (None, None)
    state.update("https://news.example.test/rss", '"abc"', "Thu, 26 Nov 2026 08:00:00 GMT")
    state.update("https://weekly.example.test/atom", None, "Wed, 25 Nov 2026 07:00:00 GMT")
    state.save(path, write)
    again = ConditionalState.load(path, read)
    assert again.get("https://news.example.test/rss") == ('"abc"', "Thu, 26 Nov 2026 08:00:00 GMT")
    assert again.get("https://weekly.example.test/atom") == (None, "Wed, 25 Nov 2026 07:00:00 GMT")
    assert len(again) == 2
    on_disk = json.loads(open(path, encoding="utf-8").read())
    assert on_disk["version"] == 1 and set(on_disk["feeds"]) == {
        "https://news.example.test/rss",
        "https://weekly.example.test/atom",
    }


def test_update_with_nothing_forgets(tmp_path):
    state = ConditionalState()
    state.update("u", "e", None)
    state.update("u", None, None)
    assert state.get("u") == (None, None) and len(state) == 0


def test_save_replaces_and_leaves_no_temp_files(tmp_path):
    path = str(tmp_path / "conditional.json")
    first = ConditionalState()
    first.update("u1", '"1"', None)
    first.save(path, write)
    second = ConditionalState()
    second.update("u2", '"2"', None)
    second.save(path, write)
    assert os.listdir(tmp_path) == ["conditional.json"]
    loaded = ConditionalState.load(path, read)
    assert loaded.get("u2") == ('"2"', None) and loaded.get("u1") == (None, None)


def test_failed_save_keeps_old_file_and_cleans_temp(tmp_path, monkeypatch):
    path = str(tmp_path / "conditional.json")
    good = ConditionalState()
    good.update("u", '"old"', None)
    good.save(path, write)
    before = open(path, "rb").read()

    def broken_rename(src, dst):
        raise OSError("bucket went away")

    monkeypatch.setattr(os, "replace", broken_rename)
    newer = ConditionalState()
    newer.update("u", '"new"', None)
    with pytest.raises(OSError):
        newer.save(path, write)
    assert open(path, "rb").read() == before
    assert os.listdir(tmp_path) == ["conditional.json"]


def test_picklable(tmp_path):
    state = ConditionalState()
    state.update("u", '"e"', "lm")
    clone = pickle.loads(pickle.dumps(state))
    assert clone.get("u") == ('"e"', "lm")
    clone.update("v", '"f"', None)
