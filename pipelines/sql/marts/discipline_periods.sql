-- grain: one row per disciplinary action, with the period during which it is in effect
-- reads: stg_disciplinary_actions, build_params
-- In effect 12 months from the decision for reprimand, warning and salary reduction, 24 months for
-- demotion and removal (Law on Cadres and Civil Servants Art. 82; Law on Public Employees Art. 56);
-- a period in months ends on the corresponding day of the last month (Civil Code Art. 147-148).
-- Dismissal ends service: it has no end.
with

actions as (select * from stg_disciplinary_actions),

periods as (
    select
        a.*,
        case
            when a.form in ('reprimand', 'warning', 'salary_reduction') then (a.decided_on + interval 12 month)::date
            when a.form in ('demotion', 'removal') then (a.decided_on + interval 24 month)::date
        end as effect_ends_on
    from actions a
),

final as (
    select
        action_id,
        official_id,
        decided_on,
        form,
        violation,
        violation_year,
        effect_ends_on,
        decided_on <= p.as_of and (effect_ends_on is null or p.as_of <= effect_ends_on) as in_effect
    from periods
    cross join build_params p
)

select * from final
