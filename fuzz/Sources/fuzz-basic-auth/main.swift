import CLibFuzzer
import FuzzSupport
import Glibc

/// The input libFuzzer generates, run through the parsers and invariants of `FuzzTarget.basicAuth`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTarget.basicAuth.fuzz(data, size)
}

// SwiftPM renames this file's `main` and links the executable with `--defsym main=<module>_main`, in place of
// libFuzzer's own `main`; do what libFuzzer's `main` does.
var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in data.map { fuzz($0, size) } ?? 0 })
