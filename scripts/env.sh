# Ponder's build environment; `source scripts/env.sh` (the Makefile does the same).
# Exports PKG_CONFIG_PATH for llama.cpp and PONDER_SWIFT_FLAGS with the rpath to its libraries.
PONDER_HOME=${PONDER_HOME:-$HOME/.cache/ponder}
PONDER_LLAMA_COMMIT=0c1e570
PONDER_LLAMA_PREFIX="$PONDER_HOME/llama.cpp-$PONDER_LLAMA_COMMIT/prefix"
export PONDER_HOME PONDER_LLAMA_COMMIT PONDER_LLAMA_PREFIX
export PKG_CONFIG_PATH="$PONDER_LLAMA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PONDER_SWIFT_FLAGS="-Xlinker -rpath -Xlinker $PONDER_LLAMA_PREFIX/lib"
