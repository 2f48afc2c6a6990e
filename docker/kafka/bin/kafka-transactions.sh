#!/bin/bash
# The kafka-transactions tool of Kafka, as in the Kafka distribution.
KAFKA_LOG_LEVEL=${KAFKA_LOG_LEVEL:-WARN} exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.TransactionsCommand "$@"
