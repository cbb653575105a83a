-- How much happened on each day: dated expressions in article bodies per event day, and how many
-- distinct documents mention the day.
SELECT
  event_date,
  COUNT(*) AS events,
  COUNT(DISTINCT doc_id) AS documents
FROM events
WHERE date_source = 'text'
  AND event_date IS NOT NULL
GROUP BY event_date
ORDER BY event_date;
