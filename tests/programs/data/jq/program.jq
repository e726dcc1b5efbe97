# A jq program from a file: a report per language.
def langs: [.members[] | .langs[]] | unique;
.members as $m
| langs
| map({lang: ., who: [$m[] | select(.langs | index([.]) != null) | .name]})
| map(select(.who | length > 0))
