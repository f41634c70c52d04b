#!/usr/bin/env bash
# The README's picture of an exported Chrome trace in a timeline viewer. Records a short session of
# the demo app (`serve --events`: four clients logging in, filling carts, calling /slow), exports it
# with `trace export --format chrome`, opens it in speedscope (from npm) in Debian's Chromium,
# headless, driven by playwright-core (npm), and writes docs/trace-speedscope.png.
#
#   scripts/trace-screenshot.sh [BUILD_DIR]        (default build/dev; OUT_DIR=docs)
#
# Perfetto's UI needs the network and Chromium 156 no longer has chrome://tracing, so speedscope
# is the viewer here; the same file opens in ui.perfetto.dev. Installs chromium with apt and the
# two npm packages under build/trace-viewer when missing.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

build=${1:-build/dev}
out_dir=${OUT_DIR:-docs}
exe=$build/app/requestscope
[[ -x $exe ]] || { echo "trace-screenshot.sh: $exe is missing (cmake --build --preset dev)" >&2; exit 2; }
command -v npm >/dev/null || { echo "trace-screenshot.sh: npm is missing" >&2; exit 2; }
if ! command -v chromium >/dev/null; then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends chromium
fi
tools=build/trace-viewer
if [[ ! -d $tools/node_modules/speedscope || ! -d $tools/node_modules/playwright-core ]]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund speedscope@1.25.0 playwright-core@1.64.1 >/dev/null
fi

scratch=$(mktemp -d)
server=
http=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  [[ -n $http ]] && kill "$http" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

"$exe" serve --port 0 --threads 2 --secret trace-screenshot-secret-0123456789 \
  --events "$scratch/session.jsonl" 2>"$scratch/server.log" &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$scratch/server.log" | head -1)
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || { cat "$scratch/server.log" >&2; exit 1; }
# One keep-alive connection a client, so the trace is dense (no process start between requests).
client() {
  local jar=$scratch/jar-$1 args=()
  for _ in 1 2 3; do
    for path in /login /cart/add/apple '/slow?ms=3' /hello /cart/add/pear /home; do
      args+=(-o /dev/null "$url$path")
    done
  done
  curl -s -b "$jar" -c "$jar" "${args[@]}"
}
for n in 1 2 3 4; do client "$n" & done
wait %2 %3 %4 %5 2>/dev/null || wait
kill "$server"
wait "$server" 2>/dev/null || true
server=

site=$scratch/site
mkdir -p "$site"
cp -r "$tools/node_modules/speedscope/dist/release/." "$site/"
"$exe" trace export --format chrome "$scratch/session.jsonl" "$site/requestscope-trace.json"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
http=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/index.html" && break || sleep 0.1
done

mkdir -p "$out_dir"
cat >"$scratch/shoot.js" <<JS
const { chromium } = require('$(readlink -f "$tools")/node_modules/playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const base = 'http://127.0.0.1:$port/';
  await page.goto(base + 'index.html#profileURL=' + encodeURIComponent(base + 'requestscope-trace.json'));
  await page.waitForFunction(() => document.title.includes('requestscope-trace.json'), null, { timeout: 20000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '$(readlink -f "$out_dir")/trace-speedscope.png' });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
JS
node "$scratch/shoot.js"
echo "wrote $out_dir/trace-speedscope.png"
