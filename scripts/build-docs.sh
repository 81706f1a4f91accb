#!/usr/bin/env bash
# Build the documentation site with warnings as errors (mkdocs --strict): a broken link or
# anchor, a page missing from the nav, a docstring the API reference cannot render all fail.
# The site goes to a temporary folder, removed afterwards; give a folder to keep it:
#   bash scripts/build-docs.sh [SITE_DIR]
# The examples in the pages are not run here: they are doctests, run by the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python}
if [ $# -gt 0 ]; then
  site=$1
else
  site=$(mktemp -d)
  trap 'rm -rf "$site"' EXIT
fi
# Material for MkDocs prints a notice about MkDocs 2 on every build; it is not a warning.
export NO_MKDOCS_2_WARNING=1
"$PYTHON" -m mkdocs build --strict --clean --site-dir "$site"
pages=$(find "$site" -name index.html | wc -l)
echo "== documentation site built with no warning: ${pages// /} pages"
