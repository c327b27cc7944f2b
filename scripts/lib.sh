# Shared helpers for the project's scripts. Source it; it changes nothing by itself.

# ensure_apt PKG...: installs the Debian packages that are missing (idempotent).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ensure_pip MODULE=PACKAGE...: installs the PyPI packages whose module is missing (idempotent).
ensure_pip() {
  local missing=()
  for spec in "$@"; do
    local module="${spec%%=*}" package="${spec#*=}"
    python3 -c "import $module" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing PyPI packages: ${missing[*]}"
  python3 -m pip install -q "${missing[@]}"
}
