"""poll_feed, the one feed poll of batch and stream: rows, and the validators rule, against a real server."""

from __future__ import annotations

import pytest

from schemas import RawDoc, Reject, Skip
from tests.support.http_server import send
from transforms.fetch import FetchResult
from transforms.fetch.poll import NO_VALIDATORS, poll_feed, validators_after

MODIFIED = "Thu, 26 Nov 2026 08:00:00 GMT"
FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Quay News</title>'
    b"<item><title>Ferry back</title><link>https://quay.example/ferry</link>"
    b"<description>The ferry returned on 3 June 2026.</description></item></channel></rss>"
)


def test_first_poll_returns_entries_and_records_validators(server, policy):
    server.static("/rss", 200, FEED, {"ETag": '"v1"', "Last-Modified": MODIFIED})
    polled = poll_feed(server.url("/rss"), policy)
    assert polled.status == "fetched" and polled.error is None
    assert polled.validators == ('"v1"', MODIFIED)
    (entry,) = polled.outcomes
    assert isinstance(entry, RawDoc) and entry.title == "Ferry back"


def test_304_without_validators_keeps_the_ones_sent(server, policy):
    server.route("/rss", lambda h: send(h, 304))
    polled = poll_feed(server.url("/rss"), policy, ('"v1"', MODIFIED))
    assert polled.status == "not_modified"
    assert polled.outcomes == (Skip(input_ref=server.url("/rss"), reason="not_modified"),)
    assert polled.validators == ('"v1"', MODIFIED)
    sent = server.requests[0][1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', MODIFIED)


def test_304_with_a_new_etag_updates_it_and_keeps_last_modified(server, policy):
    server.route("/rss", lambda h: send(h, 304, headers={"ETag": '"v2"'}))
    polled = poll_feed(server.url("/rss"), policy, ('"v1"', MODIFIED))
    assert polled.validators == ('"v2"', MODIFIED)


def test_200_without_validators_forgets_the_old_ones(server, policy):
    """The new copy has no validators; sending the old ones would claim a copy we no longer hold."""
    server.static("/rss", 200, FEED)
    polled = poll_feed(server.url("/rss"), policy, ('"v1"', MODIFIED))
    assert polled.status == "fetched" and polled.validators == NO_VALIDATORS
    assert len(polled.outcomes) == 1


def test_failure_is_a_reject_row_and_keeps_the_validators(server, policy, sleeps):
    polled = poll_feed(server.url("/gone"), policy, ('"v1"', None), sleep=sleeps)
    assert polled.status == "failed" and polled.error.kind == "http_status"
    (reject,) = polled.outcomes
    assert isinstance(reject, Reject)
    assert (reject.error_type, reject.stage, reject.input_kind) == ("FetchHttpStatus", "fetch", "feed")
    assert polled.validators == ('"v1"', None)


@pytest.mark.parametrize(
    "sent, etag, modified, not_modified, expected",
    [
        (NO_VALIDATORS, '"a"', None, False, ('"a"', None)),
        (('"a"', MODIFIED), None, None, False, NO_VALIDATORS),
        (('"a"', MODIFIED), '"a"', MODIFIED, True, ('"a"', MODIFIED)),
    ],
)
def test_validators_after_a_result(sent, etag, modified, not_modified, expected):
    result = FetchResult(
        url="u", final_url="u", status=304 if not_modified else 200, etag=etag, last_modified=modified,
        not_modified=not_modified,
    )  # fmt: skip
    assert validators_after(sent, result) == expected
    assert validators_after(sent, None) == sent
