# Sourced by scripts/run and scripts/test: installs the Debian 12 packages the build and
# the tests need, and only those that are missing.
cm_install_missing_packages() {
    local wanted=(
        cmake ninja-build g++ pkg-config
        qt6-base-dev libqt6sql6-sqlite
        libsodium-dev
    )
    local missing=()
    local package
    for package in "${wanted[@]}"; do
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
