-- grain: at most one row: the value of setting $key
-- reads: settings
select value from settings where key = $key
