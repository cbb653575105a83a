"""From a candidate document to a clean one: extraction, boilerplate removal, ids and dates."""

from __future__ import annotations

import datetime as dt

from schemas import Document, RawDoc
from schemas.tables import parse_timestamp
from transforms.boilerplate import strip_text
from transforms.errors import InputError
from transforms.fragments import fragment_text
from transforms.html_extract import extract_html
from transforms.language import document_language, names_language
from transforms.readers import normalise_published


def drop_title_line(body: str, title: str | None) -> str:
    """Pages repeat their headline as the body's first line; the title column already holds it."""
    first, _, rest = body.partition("\n")
    if title and rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return body


def local_date(published: str | None) -> str | None:
    """The calendar date where the document was published (its own UTC offset), ISO."""
    return None if published is None else parse_timestamp(published).date().isoformat()


def build_document(raw: RawDoc, default_published: str | None = None) -> Document:
    """Extract (pages), flatten (fragments) or take (text) the body, strip boilerplate, settle id, date, language."""
    title, url, published, published_from, language = (
        raw.title,
        raw.url,
        raw.published,
        raw.published_from,
        raw.language,
    )
    if raw.content_format == "html":
        try:
            page = extract_html(raw.content, url)
        except ValueError as exc:
            raise InputError("NoArticle", str(exc), raw.content) from None
        body, removed = page.body, list(page.removed)
        title = title or page.title
        url = url or page.url
        language = language if names_language(language) else (page.language or language)
        if published is None and page.published:
            try:
                published, published_from = (
                    normalise_published(page.published),
                    page.published_from or "html_meta",
                )
            except InputError:
                pass
    else:
        text = fragment_text(raw.content) if raw.content_format == "fragment" else raw.content
        stripped = strip_text(text, language)
        body, removed = stripped.body, list(stripped.removed)
    body = drop_title_line(body.strip(), title)
    if not body:
        raise InputError("EmptyBody", "nothing left after boilerplate removal", raw.content)
    if published is None and default_published is not None:
        published, published_from = default_published, "default"
    language = document_language(language, body)
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        url=url,
        title=title,
        published_at=published,
        published_from=published_from,
        language=language,
        body=body,
        removed=removed,
        input_kind=raw.input_kind,
        input_ref=raw.input_ref,
        content_hash=raw.content_hash,
        body_from=raw.body_from,
        published_date=local_date(published),
    )


def restrip(doc: Document, repeated: frozenset[str]) -> Document:
    """Second pass with the lines learned to be boilerplate for this document's source."""
    if not repeated:
        return doc
    stripped = strip_text(doc.body, doc.language, repeated)
    if stripped.body == doc.body or not stripped.body.strip():
        return doc
    body = stripped.body.strip()
    return doc._replace(body=body, removed=[*doc.removed, *stripped.removed])


def published_datetime(doc: Document) -> dt.datetime | None:
    """Publication time in the writer's own offset: what relative dates in the text resolve against."""
    return None if doc.published_at is None else parse_timestamp(doc.published_at)
