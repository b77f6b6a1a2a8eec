#!/usr/bin/env bash
# Installs the `tidings` command: the CLI compiled ahead of time to one native program (Native AOT) for this machine's
# processor, so a run neither starts a runtime that compiles code as it goes nor runs precompiled code that waits to be
# replaced by better code, into a folder, with a `tidings` command in it.
#
#   ./install.sh                 installs into ~/.local/share/tidings, and links ~/.local/bin/tidings
#   ./install.sh DIR             installs into DIR (DIR/tidings is the command); links nothing
#   TIDINGS_NATIVE=0 ./install.sh   publishes ReadyToRun instead of native code
#
# Needs the .NET 10 SDK and a C toolchain to link the program (clang, else gcc; on Debian as root the script installs
# clang when neither is there); the ahead-of-time compiler comes from the NuGet feed like any package. Without a
# toolchain it publishes ReadyToRun instead (the runtime with precompiled code; the same results, slower). Running it
# again replaces the installed build. `dotnet run --project src/Tidings.Cli -- ...` still works from a checkout, at the
# cost of compiling each method on first use in every run.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="${1:-$HOME/.local/share/tidings}"

command -v dotnet >/dev/null 2>&1 || { echo "install: the .NET 10 SDK is needed (dotnet not found)" >&2; exit 1; }

case "$(uname -m)" in
  x86_64 | amd64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) echo "install: no ahead-of-time build for $(uname -m); use dotnet run --project src/Tidings.Cli" >&2; exit 1 ;;
esac
case "$(uname -s)" in
  Linux) RID="linux-$ARCH" ;;
  Darwin) RID="osx-$ARCH" ;;
  *) echo "install: unsupported system $(uname -s); use dotnet run --project src/Tidings.Cli" >&2; exit 1 ;;
esac

# The code is compiled for this processor's instruction-set level (x86-64-v3: AVX2; v4: AVX-512), read from
# /proc/cpuinfo: compiled for the baseline, the runtime's wider vector paths (its string searches, its SearchValues) are
# left out or checked for on every call (with ReadyToRun they ran first as unoptimised jitted code: 5-10% of `extract`'s
# CPU on the trafilatura-eval pages). A native program compiled for a level refuses to start on a processor without it
# (ReadyToRun code is declined there and compiled as it runs): for a folder meant for another machine, set
# TIDINGS_INSTRUCTION_SET to its level (x86-64-v2 ... v4), or "" for the baseline.
instruction_set() {
  [ "$ARCH" = x64 ] && [ -r /proc/cpuinfo ] || return 0
  local flags
  flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  has() { for f in "$@"; do [[ "$flags" == *" $f "* ]] || return 1; done; }
  if has avx2 bmi1 bmi2 fma movbe f16c abm; then
    if has avx512f avx512bw avx512cd avx512dq avx512vl; then echo x86-64-v4; else echo x86-64-v3; fi
  fi
}
ISA="${TIDINGS_INSTRUCTION_SET-$(instruction_set)}"

# The linker Native AOT drives: clang by default, gcc where it is the only one.
linker() {
  if command -v clang >/dev/null 2>&1; then echo clang
  elif command -v gcc >/dev/null 2>&1; then echo gcc
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install: installing clang (Debian) to link the native program" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang; } >&2 && command -v clang >/dev/null 2>&1 && echo clang
  fi
  return 0
}
LINKER=""
[ "${TIDINGS_NATIVE:-1}" = 0 ] || LINKER="$(linker)"

# Published into a fresh folder first, so a failed build leaves the installed one as it was.
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/tidings-install.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
if [ -n "$LINKER" ]; then
  # Native AOT: Tidings, the libraries and the runtime compiled as one program, optimised throughout, every generic
  # instantiation over Tidings' value types included. Against the ReadyToRun image it replaced (alternate runs, two
  # cores, the same code): `extract` on the 990 trafilatura-eval pages 20-40% less wall, `dedup` on 20,000 articles
  # 20-30%, Reuters 0-8%, a 10-article run on a large store a third less CPU; every output identical, peak memory
  # 10-25% lower. Publishing takes 1-2 minutes.
  ISA_ARGS=()
  [ -n "$ISA" ] && ISA_ARGS=("-p:IlcInstructionSet=$ISA")
  dotnet publish "$REPO/src/Tidings.Cli" -c Release -r "$RID" -p:PublishAot=true -p:CppCompilerAndLinker="$LINKER" \
    "${ISA_ARGS[@]}" -nologo -v q -o "$STAGE" >&2 || { echo "install: publishing src/Tidings.Cli failed" >&2; exit 1; }
  COMPILED="native code ($LINKER)"
else
  [ "${TIDINGS_NATIVE:-1}" = 0 ] || echo "install: no C toolchain (clang or gcc) to link a native program: publishing ReadyToRun instead" >&2
  # Self-contained and composite: the runtime's libraries and Tidings' are compiled ahead of time as one image, so the
  # generic collections Tidings instantiates over its own and the runtime's value types are compiled too, and code
  # inlines across assemblies. Publishing takes 2-3 minutes on two cores, and the folder 180 MB.
  ISA_ARGS=()
  [ -n "$ISA" ] && ISA_ARGS=("-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:$ISA")
  dotnet publish "$REPO/src/Tidings.Cli" -c Release -r "$RID" --self-contained true -p:PublishReadyToRun=true \
    -p:PublishReadyToRunComposite=true "${ISA_ARGS[@]}" -nologo -v q -o "$STAGE" >&2 || { echo "install: publishing src/Tidings.Cli failed" >&2; exit 1; }
  COMPILED="ReadyToRun"
fi

# The cluster's hosts (`tidings silo`, `tidings serve --cluster`): Orleans cannot be compiled to native code, so they are a
# program of their own on the installed .NET runtime, in cluster/ beside `tidings`, which hands those commands to it.
# TIDINGS_CLUSTER=0 leaves it out.
if [ "${TIDINGS_CLUSTER:-1}" != 0 ]; then
  dotnet publish "$REPO/src/Tidings.Cluster" -c Release --self-contained false -nologo -v q -o "$STAGE/cluster" >&2 \
    || { echo "install: publishing src/Tidings.Cluster failed" >&2; exit 1; }
fi

rm -rf "${TARGET:?}"
mkdir -p "$(dirname "$TARGET")"
cp -R "$STAGE" "$TARGET"
chmod 755 "$TARGET"

if [ -z "${1:-}" ]; then
  mkdir -p "$HOME/.local/bin"
  ln -sf "$TARGET/tidings" "$HOME/.local/bin/tidings"
  echo "installed: $HOME/.local/bin/tidings -> $TARGET/tidings" >&2
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) echo "add ~/.local/bin to PATH to run it as tidings" >&2 ;; esac
else
  echo "installed: $TARGET/tidings" >&2
fi
echo "compiled to: $COMPILED, for ${ISA:-the baseline instruction set}" >&2
