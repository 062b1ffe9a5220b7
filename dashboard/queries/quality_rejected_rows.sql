-- data-quality: the rejected rows themselves, optionally of one file and/or one reason (NULL = all)
select file, row_number, column_name, value, reason
from wh.rejected_rows
where ($file is null or file = $file)
  and ($reason is null or reason = $reason)
order by file, row_number, column_name
limit $limit
