/// The hooks `cavra-gate hooks install` writes. Each finds `cavra-gate` the way `hooks/pre-commit` and
/// `hooks/pre-push` of the source tree do, and first runs the hook it replaced (kept as `<hook>.cavra-chained`),
/// whose failure still blocks.
public enum HookScript: String, CaseIterable, Sendable {
    case preCommit = "pre-commit"
    case prePush = "pre-push"

    /// The line that marks a hook as written by cavra-gate, so installing again or uninstalling recognises it.
    public static let marker = "# cavra-gate hook: installed by `cavra-gate hooks install`"
    public static let chainedSuffix = ".cavra-chained"

    public var fileName: String { rawValue }

    /// The whole script.
    public var text: String {
        let chained = "\"$(dirname \"$0\")/\(fileName)\(Self.chainedSuffix)\""
        // git feeds pre-push the ref updates on stdin; both hooks must read all of it, so it is saved first.
        let run: String
        switch self {
        case .preCommit:
            run = """
                if [ -x \(chained) ]; then
                    \(chained) "$@" || exit $?
                fi
                \(Self.findGate)
                exec "$gate" hook pre-commit "$@"
                """
        case .prePush:
            run = """
                input=$(mktemp "${TMPDIR:-/tmp}/cavra-pre-push.XXXXXX") || exit 2
                trap 'rm -f "$input"' EXIT
                cat >"$input" || exit 2
                if [ -x \(chained) ]; then
                    \(chained) "$@" <"$input" || exit $?
                fi
                \(Self.findGate)
                "$gate" hook pre-push "$@" <"$input"
                """
        }
        return
            "#!/bin/sh\n\(Self.marker)\n# `cavra-gate hooks uninstall` restores the hook that was here before.\n\(run)\n"
    }

    /// Sets `gate` to the binary: `CAVRA_GATE_BIN`, else `cavra-gate` on PATH; missing is a failure, never a pass.
    static let findGate = """
        gate=${CAVRA_GATE_BIN:-}
        if [ -z "$gate" ]; then
            gate=$(command -v cavra-gate 2>/dev/null) || gate=
        fi
        if [ -z "$gate" ] || [ ! -x "$gate" ]; then
            echo "cavra-gate: error: the cavra-gate binary was not found (CAVRA_GATE_BIN='${CAVRA_GATE_BIN:-}', PATH has none); install it with 'make build' in its source tree and put .build/release on PATH, or set CAVRA_GATE_BIN=/path/to/cavra-gate" >&2
            exit 2
        fi
        """
}
