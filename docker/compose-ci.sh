#!/usr/bin/env bash
# docker-compose on docker-compose.yml + docker-compose.ci.yml, for machines without an image
# registry or a bridge network (CI): local images (docker/build-images.sh), host network, loopback.
#   docker/compose-ci.sh up -d
#   docker/compose-ci.sh logs submit producer
#   docker/compose-ci.sh down -v
# Why a script: Debian's docker-compose 1.29 (through docker-py) refuses published ports on the
# host network, and an override file cannot remove the `ports` of docker-compose.yml. So this
# renders the merged configuration (docker-compose config), drops `ports` (meaningless on the host
# network), and runs compose on the result, target/docker-compose.ci.rendered.yml. Compose v2
# (docker compose) is used when docker-compose is missing. Project name: streamlearn-ci, or
# COMPOSE_PROJECT_NAME. Port variables: see docker-compose.ci.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "compose-ci: neither docker-compose nor docker compose is installed" >&2
  exit 1
fi
mkdir -p target
rendered=target/docker-compose.ci.rendered.yml
"${compose[@]}" -f docker-compose.yml -f docker-compose.ci.yml config \
  | python3 -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
for service in config["services"].values():
    service.pop("ports", None)
yaml.safe_dump(config, sys.stdout, default_flow_style=False, sort_keys=False)
' > "$rendered"
exec "${compose[@]}" -p "${COMPOSE_PROJECT_NAME:-streamlearn-ci}" -f "$rendered" \
  --project-directory . "$@"
