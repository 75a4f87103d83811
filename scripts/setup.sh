#!/usr/bin/env bash
# Ponder setup: installs what the project needs, idempotently, into a cache.
#
#   scripts/setup.sh    llama.cpp (shared libraries, llama-server, llama-batched-bench), build tools,
#                       rsvg-convert (optional, for PNG plots) and chromium (tests: the trace page)
#
# Cache: ${PONDER_HOME:-$HOME/.cache/ponder}, keyed by llama.cpp commit, so a second run only verifies.
# Models are installed by `ponder models pull` (the Makefile's `model` target).
# `source scripts/env.sh` gives PKG_CONFIG_PATH and the rpath flags for swift build.
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.36
source "$(dirname "$0")/env.sh"
LLAMA_DIR=$(dirname "$PONDER_LLAMA_PREFIX")
PREFIX=$PONDER_LLAMA_PREFIX
STAMP="$PREFIX/.ponder-installed"

log() { printf '[setup] %s\n' "$*" >&2; }

ensure_tools() {
    local missing=()
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} from apt"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    # Optional: `ponder report` also writes PNGs of its plots when rsvg-convert is present.
    if ! command -v rsvg-convert >/dev/null 2>&1; then
        log "installing librsvg2-bin from apt (optional: PNG plots)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq librsvg2-bin >/dev/null; } ||
            log "librsvg2-bin not installed: reports will have SVG plots only"
    fi
    # For the tests only: `ponder trace --html` pages are rendered in headless Chromium (skipped without it).
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
        log "installing chromium from apt (tests: the trace page in a headless browser)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; } ||
            log "chromium not installed: the browser test of the trace page is skipped"
    fi
}

# What a finished install writes to $STAMP: the commit and the build recipe's version, so a changed recipe
# rebuilds an install made by an older one.
STAMP_TEXT="$PONDER_LLAMA_COMMIT recipe 2 (no AMX)"

verify_llama() {
    [ -f "$STAMP" ] || return 1
    [ "$(cat "$STAMP")" = "$STAMP_TEXT" ] || return 1
    [ -f "$PREFIX/lib/pkgconfig/llama.pc" ] || return 1
    [ -e "$PREFIX/lib/libllama.so" ] || return 1
    [ -x "$PREFIX/bin/llama-server" ] || return 1
    [ -x "$PREFIX/bin/llama-batched-bench" ] || return 1
}

build_llama() {
    if verify_llama; then
        log "llama.cpp $PONDER_LLAMA_COMMIT present in $PREFIX"
        return
    fi
    log "building llama.cpp $PONDER_LLAMA_COMMIT (llama-cpp-python $LLAMA_CPP_PYTHON_VERSION sdist); about 7 minutes on 2 cores"
    mkdir -p "$LLAMA_DIR"
    local sdist="$LLAMA_DIR/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz"
    if [ ! -f "$sdist" ]; then
        python3 -m pip download --quiet --no-deps --no-binary llama-cpp-python \
            "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" -d "$LLAMA_DIR.tmp"
        mv "$LLAMA_DIR.tmp/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz" "$sdist"
        rm -rf "$LLAMA_DIR.tmp"
    fi
    rm -rf "$LLAMA_DIR/src" "$LLAMA_DIR/build" "$PREFIX"
    mkdir -p "$LLAMA_DIR/src"
    tar -xzf "$sdist" -C "$LLAMA_DIR/src" --strip-components=1
    local src="$LLAMA_DIR/src/vendor/llama.cpp"
    [ -f "$src/include/llama.h" ] || { log "llama.cpp sources missing in $sdist"; exit 1; }
    # GGML_NATIVE=ON tunes for this CPU; the cache is per machine, so that is what we want. Except AMX: on
    # Xeons that report AMX inside a VM, ggml's AMX kernels die with SIGILL (the tile state is not enabled
    # for the guest), so its code is compiled out; explicit -mno-* flags win over -march=native in GCC.
    local cflags=""
    [ "$(uname -m)" = x86_64 ] && cflags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
    cmake -S "$src" -B "$LLAMA_DIR/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
        -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cflags" \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON \
        -DLLAMA_BUILD_APP=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_OPENSSL=OFF \
        -DLLAMA_CURL=OFF -DLLAMA_BUILD_COMMIT="$PONDER_LLAMA_COMMIT" \
        '-DCMAKE_INSTALL_RPATH=$ORIGIN/../lib' -DCMAKE_INSTALL_PREFIX="$PREFIX" >"$LLAMA_DIR/configure.log" 2>&1 \
        || { tail -30 "$LLAMA_DIR/configure.log" >&2; exit 1; }
    cmake --build "$LLAMA_DIR/build" -j "${PONDER_BUILD_JOBS:-2}" >"$LLAMA_DIR/build.log" 2>&1 \
        || { tail -40 "$LLAMA_DIR/build.log" >&2; exit 1; }
    cmake --install "$LLAMA_DIR/build" >"$LLAMA_DIR/install.log" 2>&1
    rm -rf "$LLAMA_DIR/build" "$LLAMA_DIR/src"
    echo "$STAMP_TEXT" >"$STAMP"
    verify_llama || { log "llama.cpp install in $PREFIX is incomplete"; exit 1; }
    log "llama.cpp installed in $PREFIX"
}

ensure_tools
build_llama
