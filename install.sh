#!/usr/bin/env bash
# Installs the `tidings` command: the CLI published ReadyToRun (compiled ahead of time for this machine's processor, so a
# run does not spend its first second in the JIT), with the .NET runtime it runs on, into a folder, with a `tidings`
# launcher beside it.
#
#   ./install.sh                 installs into ~/.local/share/tidings, and links ~/.local/bin/tidings
#   ./install.sh DIR             installs into DIR (DIR/tidings is the command); links nothing
#
# Needs the .NET 10 SDK; the ahead-of-time compiler comes from the NuGet feed like any package. Running it again
# replaces the installed build. `dotnet run --project src/Tidings.Cli -- ...` still works from a checkout, at the cost of
# compiling each method on first use in every run.
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

# The ahead-of-time code is compiled for this processor's instruction-set level (x86-64-v3: AVX2; v4: AVX-512), read
# from /proc/cpuinfo: compiled for the baseline, every method with a wider vector path (the runtime's string searches,
# its SearchValues) was rejected from the image and ran first as unoptimised jitted code: 5-10% of `extract`'s
# CPU on the trafilatura-eval pages. On another processor the runtime declines that code and compiles as it would
# without it. TIDINGS_INSTRUCTION_SET overrides the level (any crossgen2 --instruction-set value, or "" for the baseline).
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
ISA_ARGS=()
[ -n "$ISA" ] && ISA_ARGS=("-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:$ISA")

# Published into a fresh folder first, so a failed build leaves the installed one as it was.
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/tidings-install.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
# Self-contained and composite: the runtime's libraries and Tidings' are compiled ahead of time as one image, so the
# generic collections Tidings instantiates over its own and the runtime's value types (a dictionary keyed by a pair of
# ints) are compiled too, and code inlines across assemblies. Framework-dependent, those ran first as unoptimised
# jitted code: about 0.25 s of a 10-article run on a large store, about a tenth of Reuters' CPU. Publishing takes 2-3
# minutes on two cores, and the folder 180 MB.
dotnet publish "$REPO/src/Tidings.Cli" -c Release -r "$RID" --self-contained true -p:PublishReadyToRun=true \
  -p:PublishReadyToRunComposite=true "${ISA_ARGS[@]}" -nologo -v q -o "$STAGE" >&2 || { echo "install: publishing src/Tidings.Cli failed" >&2; exit 1; }

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
echo "compiled for: ${ISA:-the baseline instruction set}" >&2
