-- grain: one row per year present in commendation_candidates
-- reads: commendation_candidates
select distinct year from commendation_candidates where year is not null order by year
