-- usage_weekly from product activity: one row per account and ISO week.
--
-- Raw tables: user_daily_activity(account_id, user_id, day, key_events),
-- a row per user and day with any event (product analytics tools keep this
-- rollup of the raw event stream), and seat_snapshots(account_id,
-- week_start, licensed_seats), the seats on each week's Monday. An active
-- user is one with an event in the week; a row without a user_id carries
-- key events recorded for the account alone. The activity is reduced to
-- weeks before the join, so that the join is on equal keys.
WITH activity AS (
    SELECT account_id,
           date_trunc('week', day)::date AS week_start,  -- the ISO week's Monday
           count(DISTINCT user_id) AS active_users,
           sum(key_events) AS key_events
    FROM user_daily_activity
    GROUP BY 1, 2
)
SELECT s.account_id,
       to_char(s.week_start, 'IYYY-"W"IW') AS week,
       coalesce(a.active_users, 0) AS active_users,
       s.licensed_seats,
       a.key_events
FROM seat_snapshots AS s
LEFT JOIN activity AS a USING (account_id, week_start)
ORDER BY s.account_id, s.week_start
