-- One webhook secret per platform (kind ''), shared by all of its endpoints, so a platform
-- is given one prefix (/hooks/<platform>/<secret>) and appends /mo, /dr, /reply, /status.
-- A database made before this keeps its customer-message endpoint's secret as the
-- platform's; the per-endpoint rows stay and are still accepted on their own endpoint, so
-- URLs already configured at a platform keep working.
INSERT INTO webhook_secrets (platform, kind, secret, created_at)
SELECT platform, '', secret, created_at FROM webhook_secrets WHERE kind IN ('mo', 'reply');
