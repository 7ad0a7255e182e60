#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros, which Swift does not import. 15 + 16 window bits: a gzip wrapper. */
static inline int ppe_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

/* Raw deflate (no wrapper): pieces compressed from a fresh state, each ended with a sync flush, concatenate into one
   stream, as pigz does; the gzip header and trailer are written around them. */
static inline int ppe_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
