-- arr_monthly from subscription periods: one row per account and month,
-- the month-end ARR of every subscription counting in it.
--
-- Raw table: subscriptions(account_id, start_date, end_date, arr), end_date
-- exclusive, NULL while active. A subscription counts in month m when
-- start_date <= the first day of m < end_date, as in the data contract; an
-- open one counts up to the last complete month. Several subscriptions of
-- an account in a month are summed here, in the warehouse.
SELECT s.account_id,
       to_char(m.month, 'YYYY-MM') AS month,
       sum(s.arr)::numeric(18, 2) AS arr
FROM subscriptions AS s
CROSS JOIN LATERAL generate_series(
    -- the first month whose first day is on or after start_date
    date_trunc('month', s.start_date + interval '1 month' - interval '1 day'),
    -- the last month whose first day is before end_date
    coalesce(s.end_date, date_trunc('month', current_date)) - interval '1 day',
    interval '1 month') AS m(month)
WHERE s.arr > 0
GROUP BY s.account_id, m.month
ORDER BY s.account_id, m.month
