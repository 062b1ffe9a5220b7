-- grain: one row per official, for the evaluation year (a contract table, docs/warehouse.md)
-- reads: stg_officials, official_service, task_status, stg_annual_ratings, discipline_periods, stg_initiatives,
--   stg_commendations, build_params, settings, calendar_days (next_working_day), rules, rule_sets,
--   decision_current
-- vote_share_required: the council's vote the proposed title needs (rule set: council_vote_share_base,
--   council_vote_share_city); decision, decided_by, decided_on: the board's current decision on the
--   candidate (subject_id official_id/year), NULL when none. Approved, rejected and deferred candidates
--   keep their row and their proposed title: the decision is shown beside them.
-- Which rule set (domain.md §6): a year's titles are considered after it ends, so a past year follows the
--   commendation set in force on the first working day of the next year (2023 → 02/01/2024: Law 06/2022 with
--   Decree 98/2023; 2025 → Decree 152/2025); the year of as_of (or a later one) is judged provisionally with
--   the set in force on as_of. rules_judged_on is that day. Where no set covers it, nobody is proposed and
--   reasons says so in words. The evaluation year is the year of as_of unless commendation.evaluation_year.
-- An official who has left (official_service: active_to before as_of, or a dismissal in effect) keeps a row
--   (history counts) but is never proposed; reasons says since when.
-- Titles (Law 06/2022 Art. 22-24 with Decree 98/2023 to 30/06/2025, Decree 152/2025 from 01/07/2025):
--   advanced_worker: graded good or better; provisionally (no grade yet) every task due in the year
--     done on time (an approved extension moves the deadline);
--   base_emulation_fighter: advanced worker and graded excellent or an initiative recognised in the
--     year; provisionally ≥ commendation.provisional_early_share of tasks done before their deadline
--     stands in for "exceeding";
--   city_emulation_fighter: base fighter this year and in the years before it, consecutively (3 years
--     in all, earlier years from stg_commendations, base or city fighter), none of them a year in which
--     a discipline was decided or in effect (Decree 152/2025 Art. 4(4): achievements count from the end
--     of the discipline), and an initiative of city or national scope recognised within those years.
-- Blocked: a discipline decided in the year or in effect during it (up to as_of); a grade below good;
-- fewer than commendation.min_tasks tasks due in the year and no grade → "insufficient data".
-- Once a grade exists it rules (provisional = false). "Tasks due in the year" = led by the official,
-- due_on in the year and <= as_of, judged (done on time, done late, open overdue). A pending
-- inspection or investigation also blocks a commendation by law; the inputs do not record one per
-- official, so it is not judged here. score = Wilson lower bound of the on-time rate (NULL below the
-- minimum n); rank within each proposed title by score, then key tasks done, then early completions.
-- min_tasks, the last column: the minimum n it judged with (commendation.min_tasks), for pages to show.
with

judging_day as (
    select
        p.*,
        case
            when p.evaluation_year < year(p.as_of) then coalesce(
                next_working_day(make_date(p.evaluation_year + 1, 1, 1)), make_date(p.evaluation_year + 1, 1, 1)
            )
            else p.as_of
        end as rules_on
    from build_params p
),

params as (
    select
        p.as_of,
        p.evaluation_year as year,
        make_date(p.evaluation_year, 1, 1) as year_start,
        make_date(p.evaluation_year, 12, 31) as year_end,
        least(make_date(p.evaluation_year, 12, 31), p.as_of) as judged_until,
        p.rules_on,
        p.evaluation_year >= year(p.as_of) as year_in_progress,
        setting_num('commendation.min_tasks') as min_tasks,
        setting_num('commendation.provisional_early_share') as early_share_min,
        setting('commendation.require_min_tasks_when_graded') = 'true' as min_tasks_when_graded,
        rule_for('commendation', 'advanced_worker_min_grade', p.rules_on) as aw_rule,
        rule_for('commendation', 'base_fighter_grade_or_initiative', p.rules_on) as bf_rule,
        rule_for('commendation', 'city_fighter_consecutive_years', p.rules_on) as cf_years_rule,
        rule_for('commendation', 'city_fighter_initiative_scope', p.rules_on) as cf_scope_rule,
        rule_for('commendation', 'blocked_by_discipline', p.rules_on) as block_rule
    from judging_day p
),

rule_set as (
    select r.rule_set_id, r.legal_basis
    from rule_sets r, params p
    where r.rule_set_id = p.aw_rule.rule_set_id
),

officials as (
    select o.official_id, o.agency_id, o.full_name, s.has_left, s.left_words
    from stg_officials o
    left join official_service s using (official_id)
),

grade_rank as (
    select * from (values ('excellent', 4), ('good', 3), ('complete', 2), ('incomplete', 1)) g(grade, grade_rank)
),

labels as (select domain, code, label_vi from enum_terms),

tasks_due as (
    select
        t.lead_official_id as official_id,
        count(*) as tasks_due,
        count(*) filter (where t.status = 'done_on_time') as done_on_time,
        count(*) filter (where t.status <> 'done_on_time') as not_on_time,
        count(*) filter (where t.is_key and t.completed_on is not null) as key_tasks_done,
        count(*) filter (where t.completed_early) as early_completions,
        list(t.task_id order by t.due_on, t.task_id) filter (where t.status <> 'done_on_time') as late_task_ids
    from task_status t, params p
    where t.lead_official_id is not null
      and t.due_on between p.year_start and p.judged_until
      and t.status in ('done_on_time', 'done_late', 'open_overdue')
    group by t.lead_official_id
),

-- disciplinary actions touching a year: decided in it, or in effect during it
discipline_years as (
    select
        d.official_id,
        y.year,
        d.action_id,
        d.decided_on
    from discipline_periods d
    cross join params p
    cross join range(p.year - 10, p.year + 1) y(year)
    where d.decided_on <= least(make_date(y.year::integer, 12, 31), p.as_of)
      and (d.ends_service or d.effect_ends_on >= make_date(y.year::integer, 1, 1))
),

disciplined as (
    select
        dy.official_id,
        list(dy.action_id || ' (' || strftime(dy.decided_on, '%d/%m/%Y') || ')' order by dy.decided_on)
            as actions
    from discipline_years dy, params p
    where dy.year = p.year
    group by dy.official_id
),

grades as (
    select r.official_id, r.grade, g.grade_rank
    from stg_annual_ratings r
    join grade_rank g using (grade)
    join params p on r.year = p.year
),

initiatives_in_year as (
    select
        i.official_id,
        count(*) as initiatives,
        list(i.initiative_id || ' (' || strftime(i.recognized_on, '%d/%m/%Y') || ')' order by i.recognized_on)
            as initiative_refs
    from stg_initiatives i, params p
    where i.recognized_on between p.year_start and p.judged_until
    group by i.official_id
),

city_initiatives as (
    select
        i.official_id,
        list(i.initiative_id || ' (' || strftime(i.recognized_on, '%d/%m/%Y') || ', ' || i.scope || ')'
            order by i.recognized_on) as city_initiative_refs
    from stg_initiatives i, params p
    where i.scope in ('city', 'national')
      and year(i.recognized_on) between p.year - p.cf_years_rule.value_num + 1 and p.year
      and i.recognized_on <= p.as_of
    group by i.official_id
),

-- earlier years of the streak in which the official was base (or city) emulation fighter, not disciplined
prior_fighter_years as (
    select c.official_id, count(distinct c.year) as prior_years, list(distinct c.year order by c.year) as years
    from stg_commendations c, params p
    where c.title in ('base_emulation_fighter', 'city_emulation_fighter')
      and c.year between p.year - p.cf_years_rule.value_num + 1 and p.year - 1
      and not exists (
          select 1 from discipline_years dy where dy.official_id = c.official_id and dy.year = c.year
      )
    group by c.official_id
),

joined as (
    select
        o.official_id,
        o.agency_id,
        o.full_name,
        p.year,
        g.grade,
        g.grade_rank,
        g.grade is null as provisional,
        coalesce(t.tasks_due, 0) as tasks_due,
        coalesce(t.done_on_time, 0) as done_on_time,
        coalesce(t.not_on_time, 0) as not_on_time,
        coalesce(t.key_tasks_done, 0) as key_tasks_done,
        coalesce(t.early_completions, 0) as early_completions,
        t.late_task_ids,
        coalesce(i.initiatives, 0) as initiatives,
        i.initiative_refs,
        ci.city_initiative_refs,
        coalesce(pf.prior_years, 0) as prior_years,
        pf.years as prior_fighter_years,
        d.actions as discipline_actions,
        d.official_id is not null as disciplined,
        coalesce(o.has_left, false) as has_left,
        o.left_words,
        p.as_of, p.min_tasks, p.early_share_min, p.min_tasks_when_graded,
        p.aw_rule, p.bf_rule, p.cf_years_rule, p.cf_scope_rule, p.block_rule,
        p.rules_on, p.year_in_progress, p.aw_rule.rule_set_id is null as no_rule_set, rs.legal_basis
    from officials o
    cross join params p
    left join rule_set rs on true
    left join grades g on g.official_id = o.official_id
    left join tasks_due t on t.official_id = o.official_id
    left join initiatives_in_year i on i.official_id = o.official_id
    left join city_initiatives ci on ci.official_id = o.official_id
    left join prior_fighter_years pf on pf.official_id = o.official_id
    left join disciplined d on d.official_id = o.official_id
),

judged as (
    select
        j.*,
        tasks_due < min_tasks as insufficient_data,
        (select grade_rank from grade_rank gr where gr.grade = j.aw_rule.value) as aw_min_rank,
        (select grade_rank from grade_rank gr where gr.grade = j.bf_rule.value) as bf_min_rank,
        share(early_completions, tasks_due) as early_share
    from joined j
),

titled as (
    select
        j.*,
        not disciplined and not has_left and not no_rule_set
            and case
                when provisional then not insufficient_data and not_on_time = 0
                else grade_rank >= aw_min_rank and not (min_tasks_when_graded and insufficient_data)
            end as is_advanced_worker,
        case
            when provisional then early_share >= early_share_min or initiatives > 0
            else grade_rank >= bf_min_rank or initiatives > 0
        end as meets_base_extra,
        prior_years >= cf_years_rule.value_num - 1 as meets_streak,
        city_initiative_refs is not null as meets_city_initiative
    from judged j
),

proposed as (
    select
        t.*,
        case
            when is_advanced_worker and meets_base_extra and meets_streak and meets_city_initiative
                then 'city_emulation_fighter'
            when is_advanced_worker and meets_base_extra then 'base_emulation_fighter'
            when is_advanced_worker then 'advanced_worker'
        end as proposed_title,
        case when tasks_due >= min_tasks then wilson_low(done_on_time, tasks_due) end as score
    from titled t
),

-- each criterion, met (✓) or missed (✗), with its rule and article
criteria as (
    select
        p.*,
        ' [' || aw_rule.rule_id || ' — ' || aw_rule.article || ']' as aw_cite,
        ' [' || bf_rule.rule_id || ' — ' || bf_rule.article || ']' as bf_cite,
        ' [' || cf_years_rule.rule_id || ', ' || cf_scope_rule.rule_id || ' — ' || cf_years_rule.article || ']'
            as cf_cite,
        ' [' || block_rule.rule_id || ' — ' || block_rule.article || ']' as block_cite,
        coalesce(gl.label_vi, grade) as grade_vi,
        replace(printf('%.2f', on_time_rate(done_on_time, tasks_due)), '.', ',') as rate_vi,
        replace(printf('%.2f', score), '.', ',') as low_vi
    from proposed p
    left join labels gl on gl.domain = 'grade' and gl.code = p.grade
),

listed as (
    select
        c.*,
        list_filter([
            case when not disciplined then 'Không bị kỷ luật trong năm ' || year || ' hoặc đang trong thời hạn kỷ luật'
                || block_cite end,
            case when not provisional and grade_rank >= aw_min_rank
                then 'Xếp loại ' || grade_vi || ' năm ' || year || ' (từ Hoàn thành tốt nhiệm vụ trở lên)' || aw_cite end,
            case when provisional and not insufficient_data and not_on_time = 0
                then 'Tạm tính: ' || done_on_time || '/' || tasks_due || ' nhiệm vụ đến hạn trong năm hoàn thành đúng hạn '
                    || '(kể cả gia hạn được duyệt; cận dưới tỷ lệ đúng hạn ' || low_vi || ', n = ' || tasks_due || ')'
                    || aw_cite end,
            case when is_advanced_worker and not provisional and grade_rank >= bf_min_rank
                then 'Xếp loại Hoàn thành xuất sắc nhiệm vụ năm ' || year || bf_cite end,
            case when is_advanced_worker and initiatives > 0
                then 'Sáng kiến được công nhận năm ' || year || ': ' || array_to_string(initiative_refs, ', ') || bf_cite end,
            case when is_advanced_worker and provisional and early_share >= early_share_min
                then 'Tạm tính: ' || early_completions || '/' || tasks_due || ' nhiệm vụ hoàn thành trước hạn (từ '
                    || round(early_share_min * 100)::integer || '% trở lên, thay cho tiêu chí vượt mức)' || bf_cite end,
            case when is_advanced_worker and meets_base_extra and meets_streak
                then 'Chiến sĩ thi đua cơ sở các năm ' || array_to_string(prior_fighter_years, ', ') || ' và đề xuất năm '
                    || year || ': ' || cf_years_rule.value_num::integer || ' năm liên tục' || cf_cite end,
            case when is_advanced_worker and meets_base_extra and meets_city_initiative
                then 'Sáng kiến phạm vi thành phố/toàn quốc: ' || array_to_string(city_initiative_refs, ', ') || cf_cite end
        ], lambda x: x is not null) as criteria_met,
        list_filter([
            case when no_rule_set then 'Chưa có bộ quy định thi đua, khen thưởng có hiệu lực ngày '
                || strftime(rules_on, '%d/%m/%Y') || ' để xét danh hiệu năm ' || year end,
            case when has_left then left_words || ': người đã nghỉ, chuyển công tác không được đề xuất danh hiệu' end,
            case when disciplined then 'Bị kỷ luật trong năm ' || year || ' hoặc đang trong thời hạn kỷ luật: '
                || array_to_string(discipline_actions, ', ') || block_cite end,
            case when not provisional and grade_rank < aw_min_rank
                then 'Xếp loại ' || grade_vi || ' năm ' || year || ', dưới Hoàn thành tốt nhiệm vụ' || aw_cite end,
            case when insufficient_data and (provisional or min_tasks_when_graded)
                then 'Chưa đủ dữ liệu: ' || tasks_due || ' nhiệm vụ đến hạn trong năm, cần ít nhất '
                    || min_tasks::integer || aw_cite end,
            case when provisional and not insufficient_data and not_on_time > 0
                then 'Tạm tính: ' || not_on_time || '/' || tasks_due || ' nhiệm vụ đến hạn không hoàn thành đúng hạn: '
                    || array_to_string(late_task_ids, ', ') || aw_cite end,
            case when is_advanced_worker and not meets_base_extra and not provisional
                then 'Chưa xếp loại Hoàn thành xuất sắc nhiệm vụ và chưa có sáng kiến được công nhận năm ' || year
                    || bf_cite end,
            case when is_advanced_worker and not meets_base_extra and provisional
                then 'Tạm tính: ' || early_completions || '/' || tasks_due || ' nhiệm vụ hoàn thành trước hạn, dưới '
                    || round(early_share_min * 100)::integer || '%, và chưa có sáng kiến được công nhận năm ' || year
                    || bf_cite end,
            case when is_advanced_worker and meets_base_extra and not meets_streak
                then 'Chưa đủ ' || cf_years_rule.value_num::integer || ' năm liên tục Chiến sĩ thi đua cơ sở (các năm trước: '
                    || coalesce(array_to_string(prior_fighter_years, ', '), 'không có') || ')' || cf_cite end,
            case when is_advanced_worker and meets_base_extra and not meets_city_initiative
                then 'Chưa có sáng kiến phạm vi thành phố/toàn quốc trong các năm '
                    || (year - cf_years_rule.value_num + 1)::integer || '–' || year || cf_cite end
        ], lambda x: x is not null) as criteria_missed
    from criteria c
),

final as (
    select
        l.official_id,
        l.agency_id,
        l.year::integer as year,
        l.grade,
        case when not l.insufficient_data then wilson_low(l.done_on_time, l.tasks_due) end as on_time_rate_low,
        l.tasks_due::integer as tasks_due,
        l.key_tasks_done::integer as key_tasks_done,
        l.initiatives::integer as initiatives,
        l.disciplined,
        l.proposed_title is not null as eligible,
        l.proposed_title,
        l.score,
        case
            when l.proposed_title is not null
                then 'Đề xuất: ' || tl.label_vi
            when l.no_rule_set
                then 'Không xét danh hiệu năm ' || l.year || ': chưa có bộ quy định thi đua, khen thưởng nào có hiệu lực '
                    || 'ngày ' || strftime(l.rules_on, '%d/%m/%Y') || case when l.year_in_progress
                        then ' (ngày tính số liệu)' else ' (ngày làm việc đầu tiên sau năm ' || l.year || ')' end
            when l.has_left then l.left_words || ': không đề xuất'
            when l.insufficient_data and l.provisional and not l.disciplined
                then 'Chưa đủ dữ liệu (insufficient data): không đề xuất'
            else 'Không đề xuất'
        end
            || case when l.provisional then ' (tạm tính từ dữ liệu nhiệm vụ, chưa có kết quả xếp loại năm ' || l.year || ')'
                else ' (theo kết quả xếp loại năm ' || l.year || ')' end
            || '. Bộ quy tắc: ' || case
                when l.no_rule_set then 'không có'
                else l.aw_rule.rule_set_id || coalesce(' (' || l.legal_basis || ')', '') || ', có hiệu lực ngày '
                    || strftime(l.rules_on, '%d/%m/%Y') || case when l.year_in_progress
                        then ' (ngày tính số liệu: đánh giá tạm tính năm đang diễn ra)'
                        else ' (ngày làm việc đầu tiên sau năm ' || l.year || ', khi danh hiệu năm ' || l.year
                            || ' được xét)' end
            end
            || case when len(l.criteria_met) > 0 then '. Đạt: ' || array_to_string(l.criteria_met, '; ') else '' end
            || case when len(l.criteria_missed) > 0 then '. Chưa đạt: ' || array_to_string(l.criteria_missed, '; ')
                else '' end
            || '.' as reasons,
        l.full_name,
        l.provisional,
        l.insufficient_data,
        case when not l.insufficient_data then on_time_rate(l.done_on_time, l.tasks_due) end as on_time_rate,
        case when not l.insufficient_data then wilson_high(l.done_on_time, l.tasks_due) end as on_time_rate_high,
        l.done_on_time::integer as tasks_done_on_time,
        l.early_completions::integer as early_completions,
        l.criteria_met,
        l.criteria_missed,
        case when l.proposed_title is not null and l.score is not null then
            rank() over (
                partition by l.proposed_title is not null and l.score is not null, l.proposed_title
                order by l.score desc, l.key_tasks_done desc, l.early_completions desc
            )
        end::integer as rank,
        l.aw_rule.rule_set_id as rule_set_id,
        l.discipline_actions,
        l.rules_on as rules_judged_on,
        l.has_left,
        case l.proposed_title
            when 'city_emulation_fighter' then rule_num('commendation', 'council_vote_share_city', l.rules_on)
            when 'base_emulation_fighter' then rule_num('commendation', 'council_vote_share_base', l.rules_on)
            when 'advanced_worker' then rule_num('commendation', 'council_vote_share_base', l.rules_on)
        end as vote_share_required,
        v.outcome as decision,
        v.decided_by,
        v.decided_on,
        l.min_tasks::integer as min_tasks
    from listed l
    left join labels tl on tl.domain = 'commendation_title' and tl.code = l.proposed_title
    left join decision_current v on v.subject_kind = 'candidate' and v.subject_id = l.official_id || '/' || l.year
)

select * from final
order by proposed_title nulls last, rank nulls last, agency_id, official_id
