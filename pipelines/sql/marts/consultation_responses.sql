-- grain: one row per loaded consultation: the response as given, and the response it counts as
--   (the file's code, else the classification of response_text by the phrase list)
-- reads: stg_consultations, response_phrases
-- Matching: text and phrase are both normalised the same way (NFC, lower case, every run of
-- punctuation or spaces → one space) and a phrase matches whole words only. A phrase directly after
-- "không" or "chưa" does not count ("không thống nhất với dự thảo" is a disagreement, not a generic
-- yes). Of several matching phrases the longest wins (then the first in alphabetical order).
with

consultations as (select * from stg_consultations),

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
        trim(regexp_replace(lower(nfc_normalize(phrase)), '[^\pL\pN\pM]+', ' ', 'g')) as phrase_key
    from phrases
),

matches as (
    select
        t.consultation_id,
        p.phrase,
        p.classification,
        length(p.phrase_key) as phrase_length
    from normalised_texts t
    join normalised_phrases p
        on contains(t.text_key, ' ' || p.phrase_key || ' ')
       and not contains(t.text_key, ' không ' || p.phrase_key || ' ')
       and not contains(t.text_key, ' chưa ' || p.phrase_key || ' ')
),

best_match as (
    select
        consultation_id,
        arg_max(phrase, (phrase_length, -rank_in_alphabet)) as matched_phrase,
        arg_max(classification, (phrase_length, -rank_in_alphabet)) as matched_classification
    from (
        select *, dense_rank() over (order by phrase) as rank_in_alphabet from matches
    )
    group by consultation_id
),

final as (
    select
        c.consultation_id,
        c.response,
        c.response_text,
        coalesce(c.response, m.matched_classification) as classified_response,
        m.matched_phrase,
        case
            when c.response is not null then 'file'
            when m.matched_phrase is not null then 'phrase'
        end as classified_by
    from consultations c
    left join best_match m using (consultation_id)
)

select * from final
order by consultation_id
