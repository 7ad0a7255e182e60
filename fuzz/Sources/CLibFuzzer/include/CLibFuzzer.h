// libFuzzer's driver, which its own `main` calls (compiler-rt's FuzzerInterface.h). The fuzz targets call it from
// their `main`, because SwiftPM links every executable with `--defsym main=<module>_main`, which takes the place
// of libFuzzer's `main`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
