#!/usr/bin/env bash
# Builds a minimal JRE base image as a Docker-format tar (docker load / Jib's tar:// base), from the JDK on this
# machine: a jlink'd Java 17 runtime plus the shared libraries it needs, nothing else. Used where no registry with
# a Java base image can be reached (as in CI here); real deployments build on eclipse-temurin:17-jre instead.
#
#   deploy/jre-base-image.sh OUT.tar
set -euo pipefail
out=${1:?usage: $0 OUT.tar}
if [[ -s $out ]]; then
    exit 0 # already built
fi
javac_path=$(readlink -f "$(command -v javac)")
java_home=$(dirname "$(dirname "$javac_path")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"

"$java_home/bin/jlink" --module-path "$java_home/jmods" \
    --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.localedata,jdk.charsets,jdk.naming.dns,jdk.jfr,jdk.management.jfr \
    --strip-debug --no-man-pages --no-header-files --compress=2 --output "$rootfs/opt/java"
# the JDK's trust store (a symlink on Debian), so that TLS to Redis and AWS works
cp -L "$java_home/lib/security/cacerts" "$rootfs/opt/java/lib/security/cacerts"

# every shared library the runtime links against, at the same path
find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
    xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' |
    sort -u | while read -r lib; do
        if [[ -e $lib ]]; then
            cp --parents -L "$lib" "$rootfs"
        fi
    done
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/tmp:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$rootfs/etc/group"

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","HOME=/tmp","LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"deploy/jre-base-image.sh"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["scamscan/jre-base:17"],"Layers":["layer.tar"]}]' >"$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out.part" manifest.json config.json layer.tar
mv "$out.part" "$out"
echo "JRE base image: $out ($(du -h "$out" | cut -f1))"
