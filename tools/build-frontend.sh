#!/usr/bin/env bash
# Build and vendor the front-end static files (GOV.UK Frontend + htmx).
#
# Node/npm are needed only to run this script. Its output under
# hubspoke/static/vendor/ is committed, so the product needs no Node at run time.
#
# Usage (from any directory):  tools/build-frontend.sh
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/.." && pwd)"
FRONTEND_DIR="${SCRIPT_DIR}/frontend"
NODE_MODULES="${FRONTEND_DIR}/node_modules"

VENDOR_DIR="${REPO_ROOT}/hubspoke/static/vendor"
GOVUK_OUT="${VENDOR_DIR}/govuk-frontend"
HTMX_OUT="${VENDOR_DIR}/htmx"

GOVUK_DIST="${NODE_MODULES}/govuk-frontend/dist/govuk"
HTMX_PKG="${NODE_MODULES}/htmx.org"

# GOV.UK Frontend images to vendor into assets/images/. Deliberately empty:
# every image shipped by govuk-frontend is GOV.UK branding that a non-GOV.UK
# service must not use:
#   favicon.ico, favicon.svg, govuk-icon-{180,192,512}.png,
#   govuk-icon-mask.svg                  -> the GOV.UK crown
#   govuk-crest.svg                      -> the Royal Arms (footer copyright)
#   govuk-opengraph-image.png            -> the GOV.UK logotype
# manifest.json only lists the crown icons, so it is not copied either.
# hubspoke.scss makes sure the compiled CSS references none of these.
# The fonts/ directory (GDS Transport) is never copied.
GOVUK_IMAGES=()

log() { printf '==> %s\n' "$*"; }

cd "${FRONTEND_DIR}"

log "Installing pinned build dependencies (npm ci)"
npm ci --no-audit --no-fund

# Sanity-check that the installed versions are the pinned ones.
pkg_version() { node -p "require('${NODE_MODULES}/$1/package.json').version"; }
GOVUK_VERSION="$(pkg_version govuk-frontend)"
HTMX_VERSION="$(pkg_version htmx.org)"
SASS_VERSION="$(pkg_version sass)"
for pkg in govuk-frontend htmx.org sass; do
  pinned="$(node -p "require('./package.json').devDependencies['${pkg}']")"
  installed="$(pkg_version "${pkg}")"
  if [[ "${pinned}" != "${installed}" ]]; then
    echo "error: ${pkg} is pinned at ${pinned} but ${installed} is installed" >&2
    exit 1
  fi
done

log "Cleaning ${VENDOR_DIR#"${REPO_ROOT}/"}"
rm -rf -- "${GOVUK_OUT}" "${HTMX_OUT}"
mkdir -p -- "${GOVUK_OUT}/assets/images" "${HTMX_OUT}"

log "Compiling hubspoke.scss with sass ${SASS_VERSION}"
"${NODE_MODULES}/.bin/sass" \
  --load-path="${NODE_MODULES}" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  "${FRONTEND_DIR}/hubspoke.scss" \
  "${GOVUK_OUT}/govuk-frontend.min.css"

log "Copying GOV.UK Frontend ${GOVUK_VERSION} JavaScript"
cp -- "${GOVUK_DIST}/govuk-frontend.min.js" "${GOVUK_OUT}/govuk-frontend.min.js"
# The min.js ends with a sourceMappingURL comment; ship the map so that Django's
# ManifestStaticFilesStorage (which resolves that reference) and browser dev
# tools can find it.
cp -- "${GOVUK_DIST}/govuk-frontend.min.js.map" "${GOVUK_OUT}/govuk-frontend.min.js.map"

if ((${#GOVUK_IMAGES[@]})); then
  log "Copying GOV.UK Frontend images: ${GOVUK_IMAGES[*]}"
  for image in "${GOVUK_IMAGES[@]}"; do
    cp -- "${GOVUK_DIST}/assets/images/${image}" "${GOVUK_OUT}/assets/images/${image}"
  done
else
  log "Copying no GOV.UK Frontend images (all are GOV.UK/Crown branded)"
fi
# Keep the (possibly empty) assets tree in version control.
: > "${GOVUK_OUT}/assets/images/.gitkeep"

# The govuk-frontend npm package does not ship a licence file (package.json
# says "MIT"); this is the LICENSE.txt of github.com/alphagov/govuk-frontend.
# Note: that licence covers the code only; GOV.UK brand assets (crown, crest,
# logotype, GDS Transport) are not licensed for use by other services.
cat > "${GOVUK_OUT}/LICENSE.txt" <<'EOF'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

log "Copying htmx ${HTMX_VERSION}"
cp -- "${HTMX_PKG}/dist/htmx.min.js" "${HTMX_OUT}/htmx.min.js"
cp -- "${HTMX_PKG}/LICENSE" "${HTMX_OUT}/LICENSE"

log "Writing VERSIONS.txt"
cat > "${VENDOR_DIR}/VERSIONS.txt" <<EOF
# Vendored front-end files. Generated by tools/build-frontend.sh - do not edit.
# Pinned in tools/frontend/package.json and package-lock.json.
govuk-frontend ${GOVUK_VERSION}
htmx.org ${HTMX_VERSION}
sass ${SASS_VERSION} (build only; compiles tools/frontend/hubspoke.scss)
EOF

log "Checking the compiled CSS"
CSS="${GOVUK_OUT}/govuk-frontend.min.css"
status=0
if grep -q "GDS Transport" "${CSS}"; then
  echo "error: compiled CSS mentions GDS Transport" >&2; status=1
fi
if grep -q "@font-face" "${CSS}"; then
  echo "error: compiled CSS contains @font-face" >&2; status=1
fi
while IFS= read -r url; do
  path="${url#url(}"; path="${path%)}"; path="${path//\"/}"; path="${path//\'/}"
  case "${path}" in
    data:*) continue ;;
    /static/vendor/govuk-frontend/assets/*)
      if [[ ! -f "${GOVUK_OUT}/${path#/static/vendor/govuk-frontend/}" ]]; then
        echo "error: CSS references missing file ${path}" >&2; status=1
      fi ;;
    *) echo "error: unexpected url() in CSS: ${url}" >&2; status=1 ;;
  esac
done < <(grep -o "url([^)]*)" "${CSS}" || true)
if ((status)); then
  exit "${status}"
fi

log "Done:"
(cd "${REPO_ROOT}" && find hubspoke/static/vendor -type f | sort)
