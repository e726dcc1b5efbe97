-- With -bail, the shell stops at the first error and exits 1.
SELECT 'before';
SELECT * FROM no_such_table;
SELECT 'never printed';
