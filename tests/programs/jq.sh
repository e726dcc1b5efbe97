#!/usr/bin/env bash
# tests/programs/jq.sh: jq (with oniguruma regular expressions) runs filters over JSON
# files in a ro dir: paths, selection, grouping, reduction, formats, regexes, arguments,
# slurping, streaming, a program file, and exit codes for -e and for errors.
source "$(dirname "$0")/harness.sh" jq "$@"

mkdir json
cp "$data"/jq/* json/
awk 'BEGIN { printf "["; for (i = 0; i < 3000; i++) printf "%s{\"id\":%d,\"v\":%d,\"tag\":\"t%d\"}", (i ? "," : ""), i, (i * 7919) % 1000, i % 13; print "]" }' \
  >json/big.json

run_step "pretty-print" --ro json -- . json/people.json
run_step "sorted keys, compact" --ro json -- -S -c . json/people.json
run_step "select and map" --ro json -- -c '[.members[] | select(.active) | {name, n: (.langs | length)}]' json/people.json
run_step "group, sort, reduce" --ro json -- -c \
  'group_by(.tag) | map({tag: .[0].tag, count: length, sum: (map(.v) | add)}) | sort_by(-.sum) | .[:5]' json/big.json
run_step "reduce and numbers" --ro json -- -c \
  'reduce .[] as $x ({n: 0, s: 0, m: 0}; .n += 1 | .s += $x.v | .m = ([.m, $x.v] | max)) | .avg = (.s / .n)' json/big.json
run_step "regular expressions (oniguruma)" --ro json -- -c \
  '[.members[] | .email // "" | select(test("\\.org$")) | sub("@(?<d>.*)"; " at \(.d)")], [.members[].name | ascii_downcase | test("^[a-d]")], [.notes | scan("\\w+")], (.members[4].name | test("^\\p{Lu}"))' \
  json/people.json
run_step "capture, split, gsub" --ro json -- -c \
  '.members[] | .email // "none@none" | capture("(?<user>[^@]+)@(?<host>.+)") | .host |= (split(".") | reverse | join(".")) | .user |= gsub("[aeiou]"; "*")' \
  json/people.json
run_step "formats: @csv @tsv @base64 @uri @html @sh" --ro json -- -r \
  '.members[] | [.name, .age, (.langs | join("/"))] | @csv, @tsv, (@base64 "\(.[0])"), (@uri "q=\(.[2])"), @html "<\(.[0])>", @sh "echo \(.[0])"' \
  json/people.json
run_step "raw strings, unicode, escapes" --ro json -- -r '.notes, (.notes | @json), (.notes | length), (.notes | explode | length)' json/people.json
run_step "--arg, --argjson, -n, env" --ro json --env CELL=cella -- -n -c \
  --arg who tester --argjson lim '{"fuel": 5}' '{who: $who, lim: $lim, cell: env.CELL, math: [pow(2; 10), (10 | log10), (1 / 3), (2 | sqrt | floor)]}'
run_step "slurp lines" --ro json -- -s -c 'group_by(.cell) | map({cell: .[0].cell, bytes: (map(.bytes // 0) | add)})' json/events.jsonl
run_step "stream and paths" --ro json -- -c '[paths | map(tostring) | join(".")] | length, (tostream | select(length == 2) | select(.[0][0] == "limits"))' json/people.json
run_step "a program from a file (-f)" --ro json -- -c -f json/program.jq json/people.json
run_step "--slurpfile and --rawfile" --ro json -- -n -c \
  --slurpfile ev json/events.jsonl --rawfile prog json/program.jq '{events: ($ev | length), program_lines: ($prog | split("\n") | length)}'
run_step "limits: big and tiny numbers" --ro json -- -c '.limits | to_entries | map("\(.key)=\(.value)")' json/people.json
run_step "-e on false exits 1" --ro json --expect 1 -- -e '.members[1].active' json/people.json
run_step "a runtime error exits 5" --ro json --expect 5 -- '.members | .name' json/people.json
run_step "invalid JSON input exits 4" --ro json --stdin json/program.jq --expect 4 -- .
finish
