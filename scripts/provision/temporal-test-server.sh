#!/usr/bin/env bash
# Fetches Temporal's time-skipping test server (io.temporal:temporal-test-server, a Java artifact on Maven
# Central) with its dependencies into .tools/, and writes an executable wrapper the TypeScript SDK can start
# (TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })).
# The SDK normally downloads a native build of the same server from the internet, which fails offline.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.38.0}"
DIR="$TOOLS/temporal-test-server-$VERSION"
BIN="$DIR/temporal-test-server"
provision_cached "$BIN"
provision_require java "Java 11+ is required for Temporal's time-skipping test server"
provision_require mvn "Maven is required to fetch Temporal's time-skipping test server"
mkdir -p "$DIR/lib"
cat > "$DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>adpilot.local</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
POM
(cd "$DIR" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime >&2)
# The SDK runs `<path> <port> [extraArgs…]`; the Java main takes `<port> [--enable-time-skipping]`.
cat > "$BIN.tmp" <<'SH'
#!/usr/bin/env bash
HERE="$(cd "$(dirname "$0")" && pwd)"
args=("$@")
skip=1
for a in "$@"; do [[ "$a" == "--enable-time-skipping" ]] && skip=0; done
[[ $skip == 1 ]] && args+=("--enable-time-skipping")
exec java ${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xmx512m} -cp "$HERE/lib/*" io.temporal.testserver.TestServer "${args[@]}"
SH
chmod +x "$BIN.tmp"
provision_done "$BIN"
