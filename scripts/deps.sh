# Sourced by scripts/run and scripts/test: the Debian 12 packages the build and the tests
# need, and a function that installs those that are missing.

# To build and run.
CM_BUILD_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins fonts-dejavu-core
    libsodium-dev
    qtkeychain-qt6-dev libsecret-1-0
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
)
# To show the window on a machine without a display.
CM_VIRTUAL_DISPLAY_PACKAGES=(
    xvfb xauth
)
# (qt6-tools-dev is the LinguistTools CMake package, qt6-l10n-tools its lupdate and lrelease,
# qt6-translations-l10n Qt's own German strings.)
# To run the tests as well: a private D-Bus session with the real Secret Service, a
# throwaway PostgreSQL cluster (scripts/with-postgres), and loopback HTTP(S) servers that
# behave like the providers (openssl makes their throwaway certificate; the HttpServer CMake
# package needs the WebSockets one), the validators of the desktop metadata, clang with
# libFuzzer for the fuzz targets (tests/fuzz), and clang-tidy (scripts/clang-tidy).
CM_TEST_PACKAGES=(
    dbus-daemon dbus-bin gnome-keyring
    postgresql
    qt6-httpserver-dev qt6-websockets-dev openssl
    desktop-file-utils appstream
    clang libclang-rt-14-dev
    clang-tidy
)
# To build the installers and check them (scripts/test-package): dpkg-shlibdeps and
# dpkg-buildflags (dpkg-dev) and file for the DEB, rpmbuild (rpm) for the RPM, lintian, and
# readelf (binutils) to look into the packaged binaries.
CM_PACKAGE_PACKAGES=(
    dpkg-dev file rpm lintian binutils
)

# cm_install_missing_packages PACKAGE...: installs the packages that are not installed yet.
cm_install_missing_packages() {
    local missing=()
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    echo "Installing missing packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
