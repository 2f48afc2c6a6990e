#!/bin/bash
# Starts one Kafka node (KRaft, broker and controller in one process), configured the way the
# apache/kafka image is: every environment variable KAFKA_X_Y becomes the property x.y
# ("__" stands for "_", "___" for "-"), CLUSTER_ID names the cluster. Without any, the node listens
# on localhost:$BROKER_PORT (default 9092) for clients and localhost:$CONTROLLER_PORT (9093) for
# its controller, with every internal topic at one replica. Arguments, if any, run instead.
set -euo pipefail
if [ $# -gt 0 ]; then
  exec "$@"
fi

BROKER_PORT=${BROKER_PORT:-9092}
CONTROLLER_PORT=${CONTROLLER_PORT:-9093}
CLUSTER_ID=${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}
conf_dir=$(mktemp -d /tmp/kafka-config.XXXXXX)
conf=$conf_dir/server.properties

declare -A props=(
  [node.id]=1
  [process.roles]=broker,controller
  [listeners]=PLAINTEXT://localhost:$BROKER_PORT,CONTROLLER://localhost:$CONTROLLER_PORT
  [advertised.listeners]=PLAINTEXT://localhost:$BROKER_PORT
  [controller.listener.names]=CONTROLLER
  [listener.security.protocol.map]=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
  [controller.quorum.voters]=1@localhost:$CONTROLLER_PORT
  [log.dirs]=/var/lib/kafka/data
  [num.partitions]=1
  [offsets.topic.replication.factor]=1
  [transaction.state.log.replication.factor]=1
  [transaction.state.log.min.isr]=1
  [share.coordinator.state.topic.replication.factor]=1
  [share.coordinator.state.topic.min.isr]=1
  [group.initial.rebalance.delay.ms]=0
)
# Variables of the scripts, not properties (the same list apache/kafka skips).
skip='^KAFKA_(HEAP_OPTS|OPTS|JMX_OPTS|JVM_PERFORMANCE_OPTS|LOG4J_OPTS|GC_LOG_OPTS|LOG_LEVEL|VERSION|HOME|DEBUG)$'
while IFS='=' read -r name value; do
  if [[ $name == KAFKA_* && ! $name =~ $skip ]]; then
    key=${name#KAFKA_}
    key=$(echo "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
    props[$key]=$value
  fi
done < <(env)
for key in "${!props[@]}"; do
  printf '%s=%s\n' "$key" "${props[$key]}"
done | sort > "$conf"
echo "kafka-entrypoint: configuration"
sed 's/^/  /' "$conf"

log_dir=$(sed -n 's/^log\.dirs=//p' "$conf" | cut -d, -f1)
mkdir -p "$log_dir"
if [ ! -f "$log_dir/meta.properties" ]; then
  kafka-storage.sh format --config "$conf" --cluster-id "$CLUSTER_ID" --ignore-formatted
fi
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
exec kafka-run-class.sh kafka.Kafka "$conf"
