#!/usr/bin/env bash
# Regenerates the application icon's raster files from credential-manager.svg:
#   png/credential-manager-<N>.png  N = 16 24 32 48 64 128 256 512 1024
#   credential-manager.ico          Windows: 16 to 128 as bitmaps, 256 as PNG
#   credential-manager.icns         macOS: every size png2icns accepts (16 32 48 128 256 512 1024)
# A maintainer tool: run it after editing the SVG and commit the results. The build and CI
# use the committed files and never run it, so they need none of these tools.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

readonly svg=credential-manager.svg
readonly png_sizes=(16 24 32 48 64 128 256 512 1024)
readonly ico_sizes=(16 24 32 48 64 128)
readonly icns_sizes=(16 32 48 128 256 512 1024)

# Debian package of each tool used below.
declare -A package_of=([rsvg-convert]=librsvg2-bin [icotool]=icoutils [png2icns]=icnsutils)

missing=()
for tool in "${!package_of[@]}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        missing+=("${package_of[$tool]}")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing missing packages: ${missing[*]}"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

mkdir -p png
for size in "${png_sizes[@]}"; do
    rsvg-convert --width "$size" --height "$size" --format png --output "png/credential-manager-$size.png" "$svg"
done

# Smaller files, same pixels, still RGBA (-nb -nc -np: no palette or grey reduction); optional
# because the results are usable without it.
if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o5 -strip all -nb -nc -np png/credential-manager-*.png
fi

ico_inputs=()
for size in "${ico_sizes[@]}"; do
    ico_inputs+=("png/credential-manager-$size.png")
done
# Windows reads 256 px entries stored as PNG; a 256 px bitmap would add a quarter megabyte.
icotool --create --output credential-manager.ico "${ico_inputs[@]}" --raw png/credential-manager-256.png

icns_inputs=()
for size in "${icns_sizes[@]}"; do
    icns_inputs+=("png/credential-manager-$size.png")
done
png2icns credential-manager.icns "${icns_inputs[@]}" >/dev/null

echo "Generated from $svg:"
ls -l png/credential-manager-*.png credential-manager.ico credential-manager.icns
