# Sourced by bin/ams and bin/amc: which JVM runs them. Java 25 and later start faster (an AOT
# cache for amc, a newer class-data sharing for both), so one is preferred wherever it is
# installed; Java 17 is what remains. No JVM is started to find out: a JDK's `release` file
# says its version, which keeps this to a few file reads per run.

# Sets jdk_version to the JAVA_VERSION a JDK's release file declares ($1: the JDK's directory),
# or to nothing. A variable rather than output: a command substitution would fork.
jdk_version() {
  local line
  jdk_version=""
  [ -r "$1/release" ] || return 0
  while IFS= read -r line; do
    case "$line" in
      JAVA_VERSION=*) line="${line#JAVA_VERSION=}"; jdk_version="${line//\"/}"; return 0 ;;
    esac
  done < "$1/release"
}

# 0 when version $1 is later than version $2 (numeric, part by part: 25.0.10 after 25.0.9).
version_after() {
  local -a a b
  local i
  IFS=.+- read -r -a a <<< "$1"
  IFS=.+- read -r -a b <<< "$2"
  for i in 0 1 2 3; do
    [ "${a[i]:-0}" -gt "${b[i]:-0}" ] 2>/dev/null && return 0
    [ "${a[i]:-0}" -lt "${b[i]:-0}" ] 2>/dev/null && return 1
  done
  return 1
}

# Sets java_bin (the java binary; a link resolved, where the JDK's directory or its bin/java is
# one) and java_version (empty when its JDK has no
# release file). $1: a java the caller asked for (AMC_JAVA, AMS_JAVA), which wins when set; else
# $JAVA_HOME/bin/java when it is Java 25 or later; else the newest Java 25 or later in
# /usr/lib/jvm (where Debian's and Adoptium's packages install); else java on the PATH.
choose_java() {
  local asked="$1" dir best="" best_version=""
  if [ -n "$asked" ]; then
    java_bin="$(readlink -f "$(command -v "$asked")")"
  else
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
      jdk_version "$JAVA_HOME"
      if [ "${jdk_version%%[!0-9]*}" -ge 25 ] 2>/dev/null; then best="$JAVA_HOME"; fi
    fi
    if [ -z "$best" ]; then
      for dir in /usr/lib/jvm/*/; do
        dir="${dir%/}"
        [ -x "$dir/bin/java" ] || continue
        jdk_version "$dir"
        [ "${jdk_version%%[!0-9]*}" -ge 25 ] 2>/dev/null || continue
        if [ -z "$best" ] || version_after "$jdk_version" "$best_version"; then
          best="$dir" best_version="$jdk_version"
        fi
      done
    fi
    if [ -n "$best" ] && [ ! -L "$best" ] && [ ! -L "$best/bin/java" ]; then
      # No link to resolve (a JDK's own directory, as Adoptium's packages install): no fork.
      java_bin="$best/bin/java"
    elif [ -n "$best" ]; then
      java_bin="$(readlink -f "$best/bin/java")"
    else
      java_bin="$(readlink -f "$(command -v java)")"
    fi
  fi
  jdk_version "${java_bin%/bin/java}"
  java_version="$jdk_version"
}

# 0 when the chosen java writes and maps AOT caches (-XX:AOTCacheOutput, -XX:AOTMode: Java 25
# and later), for bin/ams and bin/amc alike. From the release file's version; only a JDK without
# one is asked, with a JVM started.
java_has_aot_cache() {
  if [ -n "$java_version" ]; then
    [ "${java_version%%[!0-9]*}" -ge 25 ] 2>/dev/null
  else
    "$java_bin" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '
  fi
}
