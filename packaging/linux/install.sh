#!/bin/sh
# Install Field Intake from this unpacked folder, for the current user (default) or, as root,
# for everyone (--system). Checks every file against SHA256SUMS and runs the self-test first,
# so a damaged copy is never installed. Offline; nothing is downloaded.
#
#   ./install.sh              ~/.local/opt/field-intake, commands in ~/.local/bin
#   sudo ./install.sh --system /opt/field-intake, commands in /usr/local/bin
#   ./install.sh --uninstall  (with --system for the system-wide copy) removes the program only:
#                             the encrypted store in the user's data folder is never touched.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=user
action=install
for arg in "$@"; do
    case "$arg" in
        --system) mode=system ;;
        --uninstall) action=uninstall ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

if [ "$mode" = system ]; then
    prefix=/opt/field-intake; bindir=/usr/local/bin; share=/usr/local/share
else
    prefix="$HOME/.local/opt/field-intake"; bindir="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
desktop="$share/applications/field-intake.desktop"
icon="$share/icons/hicolor/scalable/apps/field-intake.svg"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "$action" = uninstall ]; then
    rm -f "$bindir/intake" "$bindir/intake-app" "$desktop" "$icon"
    rm -rf "$prefix"
    refresh_menus
    echo "Field Intake removed from $prefix (the data folder with the encrypted store is kept)."
    exit 0
fi

echo "Checking the files against SHA256SUMS…"
(cd "$here" && sha256sum --check --quiet --strict SHA256SUMS) || {
    echo "install.sh: some files are damaged or changed; not installing. Copy the package again." >&2
    exit 1
}
echo "Running the self-test…"
QT_QPA_PLATFORM=offscreen "$here/intake-app" --self-test || {
    echo "install.sh: the self-test failed; not installing." >&2
    exit 1
}

tmp="$prefix.new.$$"
mkdir -p "$(dirname "$prefix")" "$bindir" "$(dirname "$desktop")" "$(dirname "$icon")"
rm -rf "$tmp"
cp -a "$here" "$tmp"
rm -rf "$prefix.old"
[ -e "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$tmp" "$prefix"  # the previous copy stays usable until this rename
rm -rf "$prefix.old"
ln -sf "$prefix/intake" "$bindir/intake"
ln -sf "$prefix/intake-app" "$bindir/intake-app"
sed -e "s|^Exec=.*|Exec=$prefix/intake-app|" -e "s|^TryExec=.*|TryExec=$prefix/intake-app|" \
    "$here/field-intake.desktop" > "$desktop"
cp "$here/field-intake.svg" "$icon"
refresh_menus
echo "Field Intake installed in $prefix."
echo "Start it from the applications menu, or run: $bindir/intake-app"
