#!/usr/bin/env bash
# The checks scripts/test-package makes on the installed DEB, for the deployed trees of the
# Windows and macOS CI jobs (.github/workflows/installers.yml): credctl prints the version and
# the providers, writes and lists a credential in a new SQLite store, reaches libpq through the
# PostgreSQL driver, speaks Qt's own German under --language de (so the deploy step put Qt's
# translations where the application finds them), and the window is still running after 5
# seconds. Everything runs in a
# throwaway home with no key; on Windows with a PATH that holds no Qt, libsodium or OpenSSL, so
# every DLL has to come from the installed tree.
#
# Usage: packaging/ci/check-installed.sh VERSION CREDCTL WINDOW
set -euo pipefail
version=$1
credctl=$2
window=$3

fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

work=$(mktemp -d)
window_pid=""
cleanup() {
    if [ -n "$window_pid" ]; then
        kill -9 "$window_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/home" "$work/store"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export CREDENTIAL_STORE="$work/store/credentials.sqlite"
unset CREDENTIAL_ENCRYPTION_KEY QT_PLUGIN_PATH QML2_IMPORT_PATH
case "$(uname -s)" in
MINGW* | MSYS* | CYGWIN*)
    # Git Bash's own tools, Windows' folders, and nothing else.
    export PATH="/usr/bin:/c/Windows/System32:/c/Windows"
    ;;
esac

output=$("$credctl" --version)
echo "credctl --version: $output"
grep -qF "$version" <<<"$output" || fail "credctl --version does not print $version"

"$credctl" providers >"$work/providers" 2>/dev/null || fail "credctl providers failed"
grep -q 'Azure OpenAI' "$work/providers" || fail "credctl providers does not list Azure OpenAI"
echo "credctl providers lists Azure OpenAI"

key=$("$credctl" key generate 2>/dev/null | tr -d '\r')
CREDENTIAL_ENCRYPTION_KEY="$key" CHECK_KEY=not-a-real-key \
    "$credctl" add "Installer check" --provider mistral --field-env api_key=CHECK_KEY >/dev/null ||
    fail "credctl add into a new SQLite store failed (the QSQLite driver?)"
"$credctl" list 2>/dev/null | grep -q 'Installer check' || fail "credctl list does not show the credential it added"
echo "credctl add and list work on a new SQLite store"

"$credctl" --store postgresql://cm@127.0.0.1:1/cm list >/dev/null 2>"$work/psql.err" || true
grep -q 'connection to server' "$work/psql.err" ||
    { cat "$work/psql.err"; fail "credctl on a PostgreSQL URL did not reach libpq (QPSQL driver or libpq missing)"; }
echo "credctl reaches libpq through the QPSQL driver"

# Qt's own German: QCommandLineParser's "Unknown option" comes from Qt's translations (qt_de.qm or
# qtbase_de.qm in the installed tree), not from the application's. A tree without them says it
# in English.
status=0
"$credctl" --language de list --bogus >/dev/null 2>"$work/qt-german.err" || status=$?
[ "$status" -ne 0 ] || fail "credctl accepted the unknown option --bogus"
grep -q 'Unbekannte Option' "$work/qt-german.err" ||
    { cat "$work/qt-german.err"; fail "credctl --language de does not show Qt's own German (Qt's translations missing from the installed tree?)"; }
echo "credctl --language de shows Qt's own German: $(tr -d '\r' <"$work/qt-german.err")"

"$window" >"$work/window.log" 2>&1 &
window_pid=$!
sleep 5
if ! kill -0 "$window_pid" 2>/dev/null; then
    window_pid=""
    cat "$work/window.log"
    fail "the window exited within 5 seconds"
fi
echo "The window is still running after 5 seconds"
