-- Timeline of one entity: every dated expression in an article whose title or sentence mentions it,
-- in the order the events happened. Replace 'harbour' with the (lower-case) name you follow.
SELECT
  event_date,
  event_end,
  granularity,
  date_text,
  title,
  source
FROM events
WHERE date_source = 'text'
  AND event_date IS NOT NULL
  AND (LOWER(title) LIKE '%harbour%' OR LOWER(sentence) LIKE '%harbour%')
ORDER BY event_date, event_end, event_id;
