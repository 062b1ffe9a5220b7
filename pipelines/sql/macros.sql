-- Functions shared by validation, staging and marts. Run once at the start of every build.

-- Dates as agencies write them: ISO (2023-05-04) or Vietnamese day-first (04/05/2023).
-- The two usual shapes are recognised first and parsed with the one format they can have: a parse that
-- fails costs DuckDB about ten times one that succeeds, and trying four formats on ten million dates was
-- most of the validation time. Anything else goes through every accepted format.
create or replace macro parse_date_any(x) as coalesce(
    try_strptime(x, ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y'])::date,
    try_cast(x as timestamp)::date
);

create or replace macro parse_date(x) as coalesce(
    case
        when regexp_full_match(x, '[0-9]{4}-[0-9]{2}-[0-9]{2}') then try_cast(x as date)
        when regexp_full_match(x, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') then try_strptime(x, '%d/%m/%Y')::date
    end,
    parse_date_any(x)
);

create or replace macro parse_timestamp_any(x) as coalesce(
    try_cast(x as timestamp),
    try_strptime(x, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'])
);

create or replace macro parse_timestamp(x) as coalesce(
    case
        when regexp_full_match(x, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') then try_strptime(x, '%d/%m/%Y')
        when regexp_full_match(x, '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?')
            then try_cast(x as timestamp)
    end,
    parse_timestamp_any(x)
);

-- Whole numbers only: "2.5" is an error, not 2 or 3.
create or replace macro parse_integer(x) as
    case when regexp_full_match(trim(x), '[+-]?[0-9]+') then try_cast(trim(x) as bigint) end;

-- A code or label as it is compared with the accepted spellings of pipelines/vocab.py.
create or replace macro label_key(x) as regexp_replace(lower(trim(x)), '\s+', ' ', 'g');

-- 95% Wilson score interval of k successes in n trials; NULL when n = 0.
-- n as a double: 4 * n * n in the integers the marts pass overflows INT32 from n = 23,171 tasks due
create or replace macro wilson_low(k, n) as case when n > 0 then greatest(0.0,
    ((k / n) + 1.959963984540054 ^ 2 / (2 * n::double)
     - 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n::double * n)))
    / (1 + 1.959963984540054 ^ 2 / n)) end;

create or replace macro wilson_high(k, n) as case when n > 0 then least(1.0,
    ((k / n) + 1.959963984540054 ^ 2 / (2 * n::double)
     + 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n::double * n)))
    / (1 + 1.959963984540054 ^ 2 / n)) end;

-- Sample variance of n whole numbers from their exact sum and sum of squares (integers, or hugeint);
-- NULL below two. Unlike var_samp it does not depend on the order the rows are read in: the same records
-- give the same last digit in every build.
create or replace macro exact_var_samp(n, total, squares) as case when n >= 2 then
    (n * squares - total * total)::double / (n * (n - 1)::double) end;

-- The metrics every mart, page and report shows, each written once.
-- Tasks due: judged against their deadline (done on time, done late, or open past it); a task without a
-- deadline or still within it is not due. The denominator of every on-time rate.
create or replace macro tasks_due(done_on_time, done_late, open_overdue) as
    done_on_time + done_late + open_overdue;

-- part of whole as a fraction in [0, 1]; NULL when whole is 0 (a share of nothing is unknown, not zero).
create or replace macro share(part, whole) as part / nullif(whole, 0);

-- On-time rate: tasks done on time among the tasks due (its interval: wilson_low/high of the same k and n).
create or replace macro on_time_rate(done_on_time, due) as share(done_on_time, due);

-- Whether n cases are enough to show and rank a rate (the fairness minimum): below it, no number, no rank.
create or replace macro enough_data(n, rate, min_n) as n >= min_n and rate is not null;

-- An evasive answer to a consultation: generic or deflecting, as the file gives it or as the phrase list
-- classified its text (consultation_responses); an unanswered request is not evasive.
create or replace macro is_evasive(response) as coalesce(response in ('generic', 'deflect'), false);

-- Settings of this build (defaults, rule sets and --config), read by the marts.
create or replace macro setting(k) as (select value from settings s where s.key = k);
create or replace macro setting_num(k) as (select try_cast(value as double) from settings s where s.key = k);
create or replace macro as_of() as (select as_of from build_params);

-- Numbers in Vietnamese notation inside evidence sentences: 12,5% and 0,68 (decimal comma).
create or replace macro vn_pct1(x) as replace(printf('%.1f', 100.0 * x), '.', ',') || '%';
create or replace macro vn_dec2(x) as replace(printf('%.2f', x), '.', ',');
