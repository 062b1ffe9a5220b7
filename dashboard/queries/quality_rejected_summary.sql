-- data-quality: rejected rows counted by file and reason
select file, reason, count(*)::integer as rows
from wh.rejected_rows
group by file, reason
order by rows desc, file, reason
