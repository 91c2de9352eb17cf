#!/bin/sh
# Installs AWS's offline CloudFormation validator (aws-cdk-lib 2.276.0, which
# bundles @aws/cloudformation-validate 1.14.0) exactly as package-lock.json
# pins it. Idempotent: does nothing when node_modules already matches the lock.
# Usage: tools/cfn-validate/install.sh   (from anywhere; CI runs it before mvn)
set -eu

dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
stamp="$dir/node_modules/.installed-package-lock.json"
probe="$dir/node_modules/aws-cdk-lib/node_modules/@aws/cloudformation-validate/package.json"

fail() {
    printf 'cfn-validate install: %s\n' "$*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 ||
    fail "node not found on PATH; install Node.js 20 or later"
command -v npm >/dev/null 2>&1 ||
    fail "npm not found on PATH; install npm (it ships with Node.js)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] ||
    fail "Node.js $(node --version) is too old; @aws/cloudformation-validate needs Node.js 20 or later"

# The stamp is a copy of the lock taken after a successful install, so any
# change to the lock (or a half-deleted node_modules) triggers a clean install.
if [ -f "$probe" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    exit 0
fi

printf 'cfn-validate install: npm ci in %s\n' "$dir" >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
    fail "npm ci failed in $dir; see npm's messages above"
[ -f "$probe" ] ||
    fail "npm ci succeeded but $probe is missing; did aws-cdk-lib stop bundling @aws/cloudformation-validate?"
cp "$dir/package-lock.json" "$stamp"
