-- grain: one row per loaded consultation: the response as given, and the response it counts as
--   (the file's code, else the classification of response_text by the phrase list)
-- reads: stg_consultations, response_phrases
-- Rules, applied only where `response` is blank and response_text is not:
--   1. text and phrases are normalised alike (NFC, lower case, every run of punctuation or spaces → one
--      space); a phrase matches whole words only, and not directly after "không" or "chưa"
--      ("không thống nhất …" is a disagreement, not a generic yes);
--   2. of the generic and deflect phrases found, the longest decides (ties: alphabetical order);
--   3. a generic phrase does not count when the text also makes a specific comment (a `specific` phrase
--      such as "đề nghị bổ sung", "tại khoản"): such an answer is left unclassified, and
--      specific_phrase shows why. A deflecting phrase counts whatever else the text says.
with

consultations as not materialized (select * from stg_consultations),

phrases as (select * from response_phrases),

normalised_texts as (
    select
        consultation_id,
        ' ' || trim(regexp_replace(lower(nfc_normalize(response_text)), '[^\pL\pN\pM]+', ' ', 'g')) || ' '
            as text_key
    from consultations
    where response is null and nullif(trim(response_text), '') is not null
),

normalised_phrases as (
    select
        phrase,
        classification,
        trim(regexp_replace(lower(nfc_normalize(phrase)), '[^\pL\pN\pM]+', ' ', 'g')) as phrase_key,
        dense_rank() over (order by phrase) as alphabetical
    from phrases
),

matches as (
    select
        t.consultation_id,
        p.phrase,
        p.classification,
        length(p.phrase_key) as phrase_length,
        p.alphabetical
    from normalised_texts t
    join normalised_phrases p
        on contains(t.text_key, ' ' || p.phrase_key || ' ')
       and not contains(t.text_key, ' không ' || p.phrase_key || ' ')
       and not contains(t.text_key, ' chưa ' || p.phrase_key || ' ')
),

best_match as (
    select
        consultation_id,
        arg_max(phrase, (phrase_length, -alphabetical))
            filter (where is_evasive(classification)) as matched_phrase,
        arg_max(classification, (phrase_length, -alphabetical))
            filter (where is_evasive(classification)) as matched_classification,
        arg_max(phrase, (phrase_length, -alphabetical)) filter (where classification = 'specific')
            as specific_phrase
    from matches
    group by consultation_id
),

decided as (
    select
        consultation_id,
        specific_phrase,
        case
            when matched_classification = 'generic' and specific_phrase is not null then null
            else matched_phrase
        end as matched_phrase,
        case
            when matched_classification = 'generic' and specific_phrase is not null then null
            else matched_classification
        end as matched_classification
    from best_match
),

final as (
    select
        c.consultation_id,
        c.response,
        c.response_text,
        coalesce(c.response, d.matched_classification) as classified_response,
        d.matched_phrase,
        case
            when c.response is not null then 'file'
            when d.matched_phrase is not null then 'phrase'
        end as classified_by,
        d.specific_phrase
    from consultations c
    left join decided d using (consultation_id)
)

select * from final
order by consultation_id
