-- Events more than a year away from the article's publication: history recalled, or plans far
-- ahead. The publication day is taken in UTC.
SELECT
  event_date,
  event_end,
  granularity,
  date_text,
  CAST(published_at AS DATE) AS published_day,
  title
FROM events
WHERE date_source = 'text'
  AND event_date IS NOT NULL
  AND published_at IS NOT NULL
  AND (
    event_end < CAST(published_at AS DATE) - INTERVAL '1' YEAR
    OR event_date > CAST(published_at AS DATE) + INTERVAL '1' YEAR
  )
ORDER BY event_date, event_end, event_id;
