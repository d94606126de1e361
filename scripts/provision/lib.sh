# Shared by the scripts/provision/*.sh (sourced, not run): each builds one tool into .tools/ once and prints its path.
# ROOT is the repository, TOOLS its git-ignored tools folder.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"

# provision_cached <path>: a tool already built is printed and the script ends there.
provision_cached() {
  if [[ -x "$1" ]]; then echo "$1"; exit 0; fi
}

# provision_require <command> <what it is needed for>: stops with the reason when the command is missing.
provision_require() {
  command -v "$1" >/dev/null || { echo "provision: $2" >&2; exit 1; }
}

# provision_go_build <version> <work dir> <module name> <out> <package>: builds <package> of a throw-away module that
# requires the Temporal CLI at <version> (the Go module proxy serves it; the SDK's own download needs the internet).
# The build goes to <out>.tmp first, so an interrupted one never leaves a half-written tool that provision_cached
# would take for done.
provision_go_build() {
  local version="$1" work="$2" module="$3" out="$4" package="$5"
  mkdir -p "$work" "$(dirname "$out")"
  cd "$work"
  [[ -f go.mod ]] || go mod init "$module" >/dev/null 2>&1
  GOFLAGS=-mod=mod go get "github.com/temporalio/cli@$version" >&2
  GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$out.tmp" "$package" >&2
  provision_done "$out"
}

# provision_done <path>: moves the finished <path>.tmp into place and prints the path.
provision_done() {
  mv "$1.tmp" "$1"
  echo "$1"
}
