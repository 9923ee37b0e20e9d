-- RUM probe (issue 24, 08/12/2026): does an index that keeps each entry's date answer "the newest 201 matches of
-- common words" faster than the window walk of search.selectors._windows? Run against the national bench database
-- after `apt-get install postgresql-15-rum`; it copies the index into its own table and drops nothing else.
-- Measured on 1,058,763 entries (machine shared with a test run): the copy 6.6 s, the RUM index 55.9 s.
-- One kind (requests), ordered by date through the index: 308 ms execution (360-383 ms with the round trip):
-- RUM still reads every match of the common words to order them. Every kind through a LATERAL join: 2.8-3.7 s.
-- Tokyo's own records (organisation and covered-country tokens): 35-43 ms, against 31-57 ms for today's GIN
-- lookup. The window walk reads every kind's newest 201 in 27-31 ms, so RUM was not pursued.
\timing on
CREATE EXTENSION IF NOT EXISTS rum;
DROP TABLE IF EXISTS rum_probe;
CREATE TABLE rum_probe AS
  SELECT id, kind, object_id, coalesce("on", '1900-01-01')::timestamp AS on_ts, words, readers FROM search_searchentry;
CREATE INDEX rum_probe_words ON rum_probe USING rum (words rum_tsvector_addon_ops, on_ts)
  WITH (attach = 'on_ts', to = 'words');
ANALYZE rum_probe;
SET max_parallel_workers_per_gather = 0;
-- warm
SELECT count(*) FROM (SELECT id FROM rum_probe WHERE words @@ $$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen') & '@krequest'$$::tsquery ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) s;
SELECT count(*) FROM (SELECT id FROM rum_probe WHERE words @@ $$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen') & '@krequest'$$::tsquery ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) s;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM rum_probe WHERE words @@ $$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen') & '@krequest'$$::tsquery ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201;
-- all kinds, lateral, the ministry's readers as row filter
SELECT count(*) FROM unnest('{request,answer,agreement,delegation,visit,conference,promotion_event,dossier,aid_project,heritage_title,cultural_event,press_visit,overseas_association,overseas_person,overseas_programme,citizen_case,training_course,border_mechanism,border_meeting,document,partner,contact,brief}'::text[]) k(key)
CROSS JOIN LATERAL (SELECT id FROM rum_probe WHERE words @@ ($$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen')$$::tsquery && ('@k' || k.key)::tsquery) AND string_to_array(btrim(readers), ' ') && '{@*,@A,@o1,@N,@No1}'::text[] ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) w;
SELECT count(*) FROM unnest('{request,answer,agreement,delegation,visit,conference,promotion_event,dossier,aid_project,heritage_title,cultural_event,press_visit,overseas_association,overseas_person,overseas_programme,citizen_case,training_course,border_mechanism,border_meeting,document,partner,contact,brief}'::text[]) k(key)
CROSS JOIN LATERAL (SELECT id FROM rum_probe WHERE words @@ ($$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen')$$::tsquery && ('@k' || k.key)::tsquery) AND string_to_array(btrim(readers), ' ') && '{@*,@A,@o1,@N,@No1}'::text[] ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) w;
-- tokyo's own records, every kind at once, newest 201 overall
SELECT count(*) FROM (SELECT id FROM rum_probe WHERE words @@ $$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen') & ('@o57' | '@Mo57' | '@McJP')$$::tsquery ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) s;
SELECT count(*) FROM (SELECT id FROM rum_probe WHERE words @@ $$'xuc' & 'tien' & 'dau' & ('tu' | 'tuan' | 'tuc' | 'tum' | 'tung' | 'tunisia' | 'tuoc' | 'tuoi' | 'turkiye' | 'turkmenistan' | 'turks' | 'tuvalu' | 'tuy' | 'tuyen') & ('@o57' | '@Mo57' | '@McJP')$$::tsquery ORDER BY on_ts <=| '2100-01-01'::timestamp LIMIT 201) s;
DROP TABLE rum_probe;
DROP EXTENSION rum;
