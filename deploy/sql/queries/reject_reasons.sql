-- Why inputs were rejected, by pipeline stage and error type.
SELECT
  stage,
  error_type,
  COUNT(*) AS rejects,
  MIN(input_ref) AS example
FROM rejects
GROUP BY stage, error_type
ORDER BY rejects DESC, stage, error_type;
