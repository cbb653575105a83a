-- Documents per source, with the first and last publication day seen.
SELECT
  COALESCE(source, '(none)') AS source,
  COUNT(*) AS documents,
  MIN(published_date) AS first_day,
  MAX(published_date) AS last_day
FROM documents
GROUP BY COALESCE(source, '(none)')
ORDER BY documents DESC, source;
