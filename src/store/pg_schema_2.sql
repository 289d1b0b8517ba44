-- PostgreSQL migration 2 (issue 12): the twin of SQLite migration 43 (issue 17 point 5).
-- SQLite reads a one- or two-character search's total from carrier_ngram_vocab, FTS5's
-- view of the term's doclist. Here the same numbers are carrier_gram's rows of the term,
-- counted on its primary key (gram, carrier_id) alone: an index-only count of exactly the
-- carriers a short query matches. Nothing is stored; PostgreSQL pushes `WHERE term = $1`
-- into the grouping, so a look-up reads one term's entries, as fts5vocab does.
CREATE VIEW carrier_ngram_vocab (term, doc) AS
  SELECT gram, count(*) FROM carrier_gram GROUP BY gram;
