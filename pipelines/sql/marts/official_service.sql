-- grain: one row per loaded official: whether the official is still in service as of as_of, and if not since when
-- reads: stg_officials, discipline_periods, build_params
-- An official has left (input file officials, pipelines/sources.py) when active_to is before as_of, or a disciplinary action that ends
-- service (dismissal, Buộc thôi việc) is in effect as of as_of. Their history stays in every count; they are not
-- proposed for a title (commendation_candidates), not listed for review (personnel_review), and shown as
-- "đã nghỉ / đã chuyển công tác" (left_label) where they appear. left_on: the earlier of the day after
-- active_to and the dismissal's decision date.
with

officials as (select official_id, active_to from stg_officials),

dismissals as (
    select
        official_id,
        min(decided_on) as dismissed_on,
        arg_min(action_id, (decided_on, action_id)) as dismissal_action_id  -- a tie: the smaller number
    from discipline_periods
    where ends_service and in_effect
    group by official_id
),

judged as (
    select
        o.official_id,
        o.active_to,
        d.dismissed_on,
        d.dismissal_action_id,
        coalesce(o.active_to < p.as_of, false) as service_ended,
        d.official_id is not null as dismissed
    from officials o
    left join dismissals d using (official_id)
    cross join build_params p
),

final as (
    select
        official_id,
        service_ended or dismissed as has_left,
        case when service_ended or dismissed then
            least(case when service_ended then (active_to + 1)::date end, dismissed_on)
        end as left_on,
        case
            when dismissed then 'dismissed'
            when service_ended then 'service_ended'
        end as left_reason,
        case when service_ended or dismissed then 'đã nghỉ / đã chuyển công tác' end as left_label,
        case when service_ended or dismissed then
            'Đã nghỉ / đã chuyển công tác từ ' || strftime(
                least(case when service_ended then (active_to + 1)::date end, dismissed_on), '%d/%m/%Y'
            ) || case
                when dismissed then ' (buộc thôi việc theo quyết định ' || dismissal_action_id || ' ngày '
                    || strftime(dismissed_on, '%d/%m/%Y') || ')'
                else ' (hết thời gian công tác tại cơ quan ngày ' || strftime(active_to, '%d/%m/%Y') || ')'
            end
        end as left_words,
        active_to,
        dismissed_on,
        dismissal_action_id
    from judged
)

select * from final
order by official_id
