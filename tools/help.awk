# `make help`: the targets whose rule has a `## [group] text` comment, by group, in the order below; a target
# without a known group is listed under "other" (tests/repo/make-help.test.ts fails on one).
BEGIN {
  order = "demo test build generate engines dist bench other"
  title["demo"] = "Demo: the example stack on the emulator (or OpenAI); ENGINE=pulumi (default), tofu or terraform"
  title["test"] = "Tests and checks"
  title["build"] = "Build and install"
  title["generate"] = "Generated files (schemas, SDKs, constructs, docs)"
  title["engines"] = "Engines (pulumi, tofu, terraform)"
  title["dist"] = "Release artifacts"
  title["bench"] = "Benchmarks"
  title["other"] = "Other"
}
match($0, /^[a-zA-Z0-9_-]+:.*## /) {
  target = $0; sub(/:.*/, "", target)
  if (target == "help") next
  text = $0; sub(/^[^#]*## /, "", text)
  group = "other"
  if (match(text, /^\[[a-z]+\] /)) { group = substr(text, 2, RLENGTH - 3); text = substr(text, RLENGTH + 1) }
  if (!(group in title)) group = "other"
  lines[group] = lines[group] sprintf("  %-24s %s\n", target, text)
}
END {
  print "make <target> [VARIABLE=value]   (README.md says what each does at length)"
  n = split(order, groups, " ")
  for (i = 1; i <= n; i++) if (groups[i] in lines) printf "\n%s\n%s", title[groups[i]], lines[groups[i]]
}
