#!/bin/bash
# Entry point of the Streamlearn Flink image, used like the official flink image's:
#   jobmanager            a standalone session JobManager (REST API and web UI on rest.port)
#   taskmanager           a TaskManager that registers with jobmanager.rpc.address
#   anything else         runs as given (e.g. flink run ..., java ..., bash)
# The configuration is /opt/flink/conf/config.yaml, written at each start from the image's
# defaults plus the "key: value" lines of FLINK_PROPERTIES.
set -euo pipefail
conf=$FLINK_CONF_DIR/config.yaml
cp /opt/flink/conf-template/* "$FLINK_CONF_DIR"/
if [ -n "${FLINK_PROPERTIES:-}" ]; then
  # Flink's YAML parser refuses a key twice: a key of FLINK_PROPERTIES replaces the default's line.
  while IFS= read -r line; do
    key=$(printf '%s' "$line" | sed -n 's/^[[:space:]]*\([^#:[:space:]][^:]*\):.*/\1/p')
    if [ -n "$key" ]; then
      pattern=$(printf '%s' "$key" | sed 's/\./\\./g')
      sed -i "/^$pattern:/d" "$conf"
    fi
  done <<< "$FLINK_PROPERTIES"
  printf '# FLINK_PROPERTIES\n%s\n' "$FLINK_PROPERTIES" >> "$conf"
fi

run() {
  local main=$1
  shift
  exec java ${JVM_ARGS:-} \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
    -cp '/opt/flink/lib/*' "$main" --configDir "$FLINK_CONF_DIR" "$@"
}

case "${1:-}" in
  jobmanager)
    shift
    JVM_ARGS=${JVM_ARGS:--Xms256m -Xmx512m -XX:MaxMetaspaceSize=256m}
    run org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$@"
    ;;
  taskmanager)
    shift
    # heap: framework 128m + task 512m; direct: framework off-heap 128m + task off-heap 0 + network 64m
    JVM_ARGS=${JVM_ARGS:--Xms640m -Xmx640m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m}
    run org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$@"
    ;;
  "")
    echo "usage: jobmanager | taskmanager | <command> [args]" >&2
    exit 2
    ;;
  *)
    exec "$@"
    ;;
esac
