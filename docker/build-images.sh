#!/usr/bin/env bash
# Builds the images of the container suites and of docker-compose.ci.yml from what the build
# already has, with no image registry:
#   local/debian:bookworm            a Debian root file system (debootstrap; or debian:bookworm-slim
#                                    when debootstrap is missing and a registry answers)
#   local/streamlearn-base:17        + the JDK 17 of this machine
#   local/streamlearn-kafka:4.2.0    + Kafka 4.2 server and tools from their Maven jars (KRaft)
#   local/streamlearn-flink:2.2.1    + Flink 2.2.1 session cluster from its Maven jars, RocksDB,
#                                      the web UI, and jobs/target/streamlearn-jobs.jar
# Each image carries the hash of its inputs (label dev.streamlearn.inputs) and is rebuilt only when
# they change. Maven gathers the jars first (profile -Pimages); extra arguments go to Maven:
#   docker/build-images.sh          # online, as in CI
#   docker/build-images.sh -o       # offline, from ~/.m2
# Environment: STREAMLEARN_JDK (default: the JDK of javac on PATH), DEBIAN_MIRROR (default: the
# first Debian mirror in /etc/apt/sources.list*), SKIP_MAVEN=1 (use the jars already gathered).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0 # the classic builder: no buildx plugin needed, works with Debian's engine

ROOTFS_IMAGE=local/debian:bookworm
BASE_IMAGE=local/streamlearn-base:17
KAFKA_IMAGE=local/streamlearn-kafka:4.2.0
FLINK_IMAGE=local/streamlearn-flink:2.2.1
LABEL=dev.streamlearn.inputs

t0=$(date +%s)
say() { echo "build-images: $*"; }

if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers (docker info failed); start one first" >&2
  exit 1
fi

# 1. The jars: the jobs jar and the jars of the Kafka and Flink images.
if [ "${SKIP_MAVEN:-0}" != 1 ]; then
  say "gathering jars with Maven"
  ${MVN:-mvn} -B -ntp -q "$@" -Pimages -pl jobs,docker/kafka,docker/flink -am package \
    -DskipTests -Dspotless.check.skip
fi
for f in jobs/target/streamlearn-jobs.jar docker/kafka/target/lib docker/flink/target/lib; do
  [ -e "$f" ] || { say "$f is missing: run without SKIP_MAVEN=1" >&2; exit 1; }
done
cp jobs/target/streamlearn-jobs.jar docker/flink/target/streamlearn-jobs.jar

# Hash of files and folders by content: paths and bytes (jars by their entries' names, sizes and
# CRCs, so a jar rebuilt from the same classes with new timestamps hashes the same).
content_hash() {
  local p f
  for p in "$@"; do
    if [ -d "$p" ]; then
      find "$p" -type f | LC_ALL=C sort
    else
      echo "$p"
    fi
  done | while read -r f; do
    case "$f" in
      *.jar) echo "$f $(unzip -v "$f" | awk 'NR > 3 && $7 ~ /^[0-9a-f]{8}$/ { print $1, $7, $8 }' | sha256sum)" ;;
      *) echo "$f $(sha256sum < "$f")" ;;
    esac
  done | sha256sum | cut -c1-16
}

image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true
}

# build TAG HASH CONTEXT [docker build options]
build() {
  local tag=$1 hash=$2 context=$3
  shift 3
  if [ "$(image_label "$tag")" = "$hash" ]; then
    say "$tag is up to date ($hash)"
    return
  fi
  say "building $tag ($hash)"
  local out
  if ! out=$(docker build -q --network none --label "$LABEL=$hash" -t "$tag" "$@" "$context" 2>&1); then
    echo "$out" >&2
    say "building $tag failed" >&2
    exit 1
  fi
}

# 2. The root file system.
if ! docker image inspect "$ROOTFS_IMAGE" >/dev/null 2>&1; then
  if command -v debootstrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    # (files that do not exist and a head that stops reading early are no errors here)
    mirror=${DEBIAN_MIRROR:-$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
      /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
      | sed -n -e 's|^deb \(\[[^]]*\] \)\{0,1\}\(https\{0,1\}://[^ ]*/debian/\{0,1\}\) .*|\2|p' \
               -e 's|^URIs: \(https\{0,1\}://[^ ]*/debian/\{0,1\}\)$|\1|p' | head -1 || true)}
    mirror=${mirror:-http://deb.debian.org/debian}
    rootfs=$(mktemp -d /tmp/streamlearn-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' EXIT
    say "debootstrap bookworm from $mirror"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
    tar -C "$rootfs" -c . | docker import - "$ROOTFS_IMAGE" >/dev/null
    rm -rf "$rootfs"
  else
    say "no debootstrap (or not root): pulling debian:bookworm-slim instead"
    docker pull -q debian:bookworm-slim
    docker tag debian:bookworm-slim "$ROOTFS_IMAGE"
  fi
fi

# 3. Base: the root file system and this machine's JDK 17.
jdk=${STREAMLEARN_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -x "$jdk/bin/java" ] || { say "no JDK at $jdk (set STREAMLEARN_JDK)" >&2; exit 1; }
base_hash=$(echo "$(docker image inspect -f '{{.Id}}' "$ROOTFS_IMAGE")" \
  "$(content_hash docker/base/Dockerfile "$jdk/release" "$jdk/lib/modules")" | sha256sum | cut -c1-16)
if [ "$(image_label "$BASE_IMAGE")" != "$base_hash" ]; then
  stage=docker/base/target
  rm -rf "$stage" && mkdir -p "$stage/jdk"
  cp docker/base/Dockerfile "$stage/"
  # bin, conf, lib, release of the JDK; symbolic links (Debian's point into /etc) replaced by
  # what they point to, dangling ones (src.zip, optional libraries) dropped
  cp -r "$jdk/bin" "$jdk/conf" "$jdk/lib" "$jdk/release" "$stage/jdk/"
  find "$stage/jdk" -type l | while read -r link; do
    target=$(readlink -f "$jdk/${link#"$stage/jdk/"}" || true)
    rm "$link"
    if [ -n "$target" ] && [ -e "$target" ]; then cp -rL "$target" "$link"; fi
  done
  build "$BASE_IMAGE" "$base_hash" "$stage" --build-arg "ROOTFS=$ROOTFS_IMAGE"
  rm -rf "$stage"
else
  say "$BASE_IMAGE is up to date ($base_hash)"
fi
base_id=$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")

# 4. Kafka and Flink on top.
kafka_hash=$(echo "$base_id" "$(content_hash docker/kafka/Dockerfile docker/kafka/bin \
  docker/kafka/config docker/kafka/target/lib)" | sha256sum | cut -c1-16)
build "$KAFKA_IMAGE" "$kafka_hash" docker/kafka --build-arg "BASE=$BASE_IMAGE"
flink_hash=$(echo "$base_id" "$(content_hash docker/flink/Dockerfile docker/flink/bin \
  docker/flink/conf docker/flink/target/lib docker/flink/target/streamlearn-jobs.jar)" \
  | sha256sum | cut -c1-16)
build "$FLINK_IMAGE" "$flink_hash" docker/flink --build-arg "BASE=$BASE_IMAGE"

# Earlier builds of these images, now untagged
docker image prune -f --filter "label=$LABEL" >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^local/' | sed 's/^/  /'
say "done in $(( $(date +%s) - t0 )) s"
