#!/bin/sh
# Builds the static clubcoach binary. This is the one build command:
# deploy/Dockerfile, `make build` and CI all run this script, and
# deploy/deploy_test.go checks that they do.
#
# Usage: deploy/build.sh OUTPUT [PACKAGE]   (PACKAGE defaults to ./cmd/bot)
#
# CGO_ENABLED=0      a static binary: runs on distroless/scratch, no libc
# -tags timetzdata   embeds the IANA zone database: club and member zones
#                    load even where /usr/share/zoneinfo is missing
# -trimpath          no build-machine paths in the binary (reproducible)
# -ldflags "-s -w"   no symbol table or DWARF: a smaller image
set -eu
out=${1:?usage: deploy/build.sh OUTPUT [PACKAGE]}
pkg=${2:-./cmd/bot}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$(dirname "$0")/.."
CGO_ENABLED=0 exec go build -trimpath -tags timetzdata -ldflags="-s -w" -o "$out" "$pkg"
