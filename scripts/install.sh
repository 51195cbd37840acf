#!/usr/bin/env bash
# Copies a staged tree (scripts/stage.sh) into DEST and takes it away again, exactly:
#   scripts/install.sh install STAGE DEST    copies every file, writing DEST/share/tachikoma/install-manifest
#   scripts/install.sh uninstall DEST        removes what the manifest lists: the files, then the folders
#                                            the install created, each only when it is empty by then
# DEST is $(DESTDIR)$(PREFIX). The manifest has one entry a line, a path relative to DEST: `f PATH` a
# file, `d PATH` a folder that did not exist before (`d .`: DEST itself). Installing again over an install keeps the
# earlier entries, so uninstall still removes the folders the first install made.
set -euo pipefail
manifest_path=share/tachikoma/install-manifest
usage() { echo "usage: $0 install STAGE DEST | uninstall DEST" >&2; exit 2; }

install_tree() {
  local stage=$1 dest=$2 entries
  [ -d "$stage/bin" ] || { echo "error: $stage is not a staged tree (no bin/); run scripts/stage.sh" >&2; exit 1; }
  entries=$(mktemp)
  trap 'rm -f "$entries"' RETURN
  [ -f "$dest/$manifest_path" ] && cat "$dest/$manifest_path" >> "$entries"
  if [ ! -d "$dest" ]; then mkdir -p "$dest"; echo "d ." >> "$entries"; fi
  local folder file
  # Folders first, parents before children, recording only the ones made now.
  while IFS= read -r folder; do
    [ "$folder" = . ] && continue
    folder=${folder#./}
    if [ ! -d "$dest/$folder" ]; then mkdir "$dest/$folder"; echo "d $folder" >> "$entries"; fi
  done < <(cd "$stage" && find . -type d | sort)
  for folder in share share/tachikoma; do
    if [ ! -d "$dest/$folder" ]; then mkdir "$dest/$folder"; echo "d $folder" >> "$entries"; fi
  done
  while IFS= read -r file; do
    file=${file#./}
    install -m "$(stat -c %a "$stage/$file")" "$stage/$file" "$dest/$file"
    echo "f $file" >> "$entries"
  done < <(cd "$stage" && find . -type f | sort)
  echo "f $manifest_path" >> "$entries"
  sort -u "$entries" > "$dest/$manifest_path"
  echo "installed $(grep -c '^f ' "$dest/$manifest_path") files under $dest (manifest: $dest/$manifest_path)"
}

uninstall_tree() {
  local dest=$1 kind path
  [ -f "$dest/$manifest_path" ] || {
    echo "error: nothing to uninstall: $dest/$manifest_path is missing (was it installed with this PREFIX and DESTDIR?)" >&2
    exit 1
  }
  local listing
  listing=$(cat "$dest/$manifest_path")
  while read -r kind path; do
    [ "$kind" = f ] && rm -f "$dest/$path"
  done <<< "$listing"
  # Deepest folders first; one that holds something the install did not put there stays.
  while read -r kind path; do
    [ "$kind" = d ] || continue
    local folder="$dest/$path"
    [ "$path" = . ] && folder=$dest
    if ! rmdir "$folder" 2>/dev/null && [ -d "$folder" ]; then
      echo "kept $folder: it holds files tachikoma did not install" >&2
    fi
  done < <(printf '%s\n' "$listing" | awk '$1 == "d"' | awk '{ print gsub("/", "/"), $0 }' | sort -rn | cut -d' ' -f2-)
  echo "uninstalled tachikoma from $dest"
}

case "${1:-}" in
  install) [ $# -eq 3 ] || usage; install_tree "$2" "$3" ;;
  uninstall) [ $# -eq 2 ] || usage; uninstall_tree "$2" ;;
  *) usage ;;
esac
