-- Imports a CSV file from the read-only directory and writes a report file.
.import --csv sql/people.csv people
SELECT count(*), min(age), max(age) FROM people;
.output db/report.txt
.mode tabs
SELECT name, age, city FROM people WHERE age > 40 ORDER BY age DESC, name;
.output stdout
.mode list
SELECT city, count(*) FROM people GROUP BY city ORDER BY 2 DESC, 1;
