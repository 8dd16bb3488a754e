# Maven's batch output as one line per step ("ams: [2/3] ams-server: compile"), for bin/ams and
# bin/amc, whose first build takes a minute that would otherwise say nothing. The caller keeps
# Maven's whole output in a log and shows it when the build fails. -v tool=<name> prefixes lines.
/^\[INFO\] Building .*\[[0-9]+\/[0-9]+\]$/ { module = $3; step = $NF; next }
/^\[INFO\] --- / { n = split($3, goal, ":"); printf "%s: %s %s: %s\n", tool, step, module, goal[n]; fflush(); next }
/^Download(ing|ed) from / && !told { printf "%s: downloading Maven and the dependencies (first build only)...\n", tool; told = 1; fflush() }
