-- Events more than a year away from the article's publication: history recalled, or plans far
-- ahead. The publication day is the documents table's published_date (the UTC day, as partitioned),
-- so the result does not depend on the session time zone.
SELECT
  e.event_date,
  e.event_end,
  e.granularity,
  e.date_text,
  d.published_date AS published_day,
  e.title
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
WHERE e.date_source = 'text'
  AND e.event_date IS NOT NULL
  AND d.published_date IS NOT NULL
  AND (
    e.event_end < d.published_date - INTERVAL '1' YEAR
    OR e.event_date > d.published_date + INTERVAL '1' YEAR
  )
ORDER BY e.event_date, e.event_end, e.event_id;
