#!/usr/bin/env bash
# Makes the gateway image's class-data sharing (AppCDS) archive: the classes the gateway loads in its first minute
# (deploy/gateway.classlist), parsed, verified and laid out once at build time, so a fresh container maps them
# instead of loading them one by one under its first load.
#
#   deploy/cds-archive.sh BASE_IMAGE APP_JAR CLASSLIST OUT_DIR
#
# BASE_IMAGE is the image's base: tar://PATH (deploy/jre-base-image.sh's tar). An archive is only used by the very
# JVM that wrote it (another build ignores it with a warning) and only with the same class path, file for file (path,
# size and modification time), so it is written by the base image's own java, run in a chroot of the base's files
# with the jar at the path and time it has in the image: /app/gateway.jar, modified at 1970-01-01T00:00:01Z (Jib's
# default for every file it adds). Writes OUT_DIR/app/gateway.jar and OUT_DIR/app/gateway.jsa, which Jib adds as
# they are. A registry base (e.g. eclipse-temurin:17-jre) cannot be run here: build the base tar with
# deploy/jre-base-image.sh from the JDK you want (e.g. Temurin's) instead.
set -euo pipefail
base=${1:?usage: $0 BASE_IMAGE APP_JAR CLASSLIST OUT_DIR}
jar=${2:?usage: $0 BASE_IMAGE APP_JAR CLASSLIST OUT_DIR}
classlist=${3:?usage: $0 BASE_IMAGE APP_JAR CLASSLIST OUT_DIR}
out=${4:?usage: $0 BASE_IMAGE APP_JAR CLASSLIST OUT_DIR}
if [[ $base != tar://* ]]; then
    echo "cds-archive.sh: the base image $base is not a tar: the gateway's CDS archive must be written by the base's own JVM;" >&2
    echo "build the base with deploy/jre-base-image.sh from the JDK you want and use its tar (the default)" >&2
    exit 2
fi
base_tar=${base#tar://}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/app"
# the base's files: every layer, in order (a Docker-format tar: manifest.json names them)
layers=$(tar -xOf "$base_tar" manifest.json | sed 's/.*"Layers":\[\([^]]*\)\].*/\1/' | tr -d '"' | tr ',' ' ')
for layer in $layers; do
    tar -xOf "$base_tar" "$layer" | tar -x -C "$root"
done
cp "$jar" "$root/app/gateway.jar"
cp "$classlist" "$root/app/gateway.classlist"
touch -d @1 "$root/app/gateway.jar"

dump=(/opt/java/bin/java -Xshare:dump -XX:SharedClassListFile=/app/gateway.classlist -XX:SharedArchiveFile=/app/gateway.jsa
    -Xlog:cds=warning -cp /app/gateway.jar)
# the base's environment (its config.json): where the runtime's own libraries are
export LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server
if [[ $(id -u) == 0 ]]; then
    chroot "$root" "${dump[@]}" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
else
    # a user namespace in which this user is root, only to chroot
    unshare --user --map-root-user chroot "$root" "${dump[@]}" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
fi
# classes of the list that this build no longer has are skipped (a warning each): say how many, so a stale list shows
skipped=$(grep -c 'Preload Warning: Cannot find' "$work/dump.log" || true)
mkdir -p "$out/app"
cp -p "$root/app/gateway.jar" "$root/app/gateway.jsa" "$out/app/"
echo "CDS archive: $out/app/gateway.jsa ($(du -h "$out/app/gateway.jsa" | cut -f1), $(grep -c . "$classlist") classes listed, $skipped not found)"
